"""Name tables: Chinese surnames and given-name characters (simplified, traditional, pinyin) and Latin
first/last names by country, plus the vectorised rendering of a person's name as one source writes it.

Surname weights follow the published frequency ranking of Chinese surnames (share of the population in
percent, rounded); given-name characters are weighted so that the classic common names (伟, 芳, 娜, 敏,
静, 丽, 强, 磊 ...) repeat often enough for different people to share a full name in the same city.
The simplified -> traditional pairs are the standard ones (checked against OpenCC in the tests), with
the surname forms used on Hong Kong and Taiwan documents where they differ from the generic conversion
(钟 -> 鍾, 余 -> 余, 范 -> 范, 于 -> 于).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# simplified traditional pinyin share-in-percent
_SURNAMES = """
王 王 wang 7.12
李 李 li 7.0
张 張 zhang 6.7
刘 劉 liu 5.4
陈 陳 chen 4.5
杨 楊 yang 3.1
黄 黃 huang 2.2
赵 趙 zhao 2.1
吴 吳 wu 2.0
周 周 zhou 1.9
徐 徐 xu 1.5
孙 孫 sun 1.5
马 馬 ma 1.3
朱 朱 zhu 1.3
胡 胡 hu 1.2
郭 郭 guo 1.2
何 何 he 1.1
高 高 gao 1.0
林 林 lin 1.0
罗 羅 luo 0.9
郑 鄭 zheng 0.8
梁 梁 liang 0.8
谢 謝 xie 0.7
宋 宋 song 0.6
唐 唐 tang 0.6
许 許 xu 0.6
韩 韓 han 0.6
冯 馮 feng 0.5
邓 鄧 deng 0.5
曹 曹 cao 0.5
彭 彭 peng 0.5
曾 曾 zeng 0.5
肖 肖 xiao 0.5
田 田 tian 0.4
董 董 dong 0.4
袁 袁 yuan 0.4
潘 潘 pan 0.4
于 于 yu 0.4
蒋 蔣 jiang 0.4
蔡 蔡 cai 0.4
余 余 yu 0.4
杜 杜 du 0.4
叶 葉 ye 0.4
程 程 cheng 0.4
苏 蘇 su 0.3
魏 魏 wei 0.3
吕 呂 lyu 0.3
丁 丁 ding 0.3
任 任 ren 0.3
沈 沈 shen 0.3
姚 姚 yao 0.3
卢 盧 lu 0.3
姜 姜 jiang 0.3
崔 崔 cui 0.3
钟 鍾 zhong 0.3
谭 譚 tan 0.3
陆 陸 lu 0.3
汪 汪 wang 0.3
范 范 fan 0.3
金 金 jin 0.3
石 石 shi 0.3
廖 廖 liao 0.2
贾 賈 jia 0.2
夏 夏 xia 0.2
韦 韋 wei 0.2
付 付 fu 0.2
方 方 fang 0.2
白 白 bai 0.2
邹 鄒 zou 0.2
孟 孟 meng 0.2
熊 熊 xiong 0.2
秦 秦 qin 0.2
邱 邱 qiu 0.2
江 江 jiang 0.2
尹 尹 yin 0.2
薛 薛 xue 0.2
闫 閆 yan 0.2
段 段 duan 0.2
雷 雷 lei 0.2
侯 侯 hou 0.2
龙 龍 long 0.2
史 史 shi 0.2
陶 陶 tao 0.1
黎 黎 li 0.1
贺 賀 he 0.1
顾 顧 gu 0.1
毛 毛 mao 0.1
郝 郝 hao 0.1
龚 龔 gong 0.1
邵 邵 shao 0.1
万 萬 wan 0.1
钱 錢 qian 0.1
严 嚴 yan 0.1
覃 覃 qin 0.1
武 武 wu 0.1
戴 戴 dai 0.1
莫 莫 mo 0.1
孔 孔 kong 0.1
向 向 xiang 0.1
汤 湯 tang 0.1
欧阳 歐陽 ouyang 0.05
司马 司馬 sima 0.01
诸葛 諸葛 zhuge 0.01
上官 上官 shangguan 0.01
"""

# simplified traditional pinyin usage(m=male, f=female, n=either) weight
_GIVEN = """
伟 偉 wei m 40
玮 瑋 wei m 4
炜 煒 wei m 3
强 強 qiang m 25
磊 磊 lei m 20
雷 雷 lei m 4
军 軍 jun m 20
君 君 jun n 5
俊 俊 jun m 10
勇 勇 yong m 15
杰 傑 jie m 18
洁 潔 jie f 8
涛 濤 tao m 14
韬 韜 tao m 3
斌 斌 bin m 10
彬 彬 bin m 4
超 超 chao m 12
明 明 ming m 18
铭 銘 ming m 6
刚 剛 gang m 10
平 平 ping n 10
萍 萍 ping f 10
辉 輝 hui m 12
晖 暉 hui m 4
慧 慧 hui f 10
鹏 鵬 peng m 12
朋 朋 peng m 2
华 華 hua n 14
飞 飛 fei m 10
鑫 鑫 xin m 10
欣 欣 xin f 12
新 新 xin n 4
波 波 bo m 10
博 博 bo m 8
宇 宇 yu m 12
雨 雨 yu f 8
玉 玉 yu f 10
浩 浩 hao m 12
皓 皓 hao m 5
昊 昊 hao m 5
凯 凱 kai m 8
健 健 jian m 8
建 建 jian m 10
帆 帆 fan m 6
帅 帥 shuai m 5
旭 旭 xu m 6
宁 寧 ning n 6
龙 龍 long m 8
林 林 lin n 8
琳 琳 lin f 10
阳 陽 yang m 8
峰 峰 feng m 10
凤 鳳 feng f 6
国 國 guo m 10
志 志 zhi m 10
东 東 dong m 8
海 海 hai m 8
亮 亮 liang m 8
文 文 wen n 10
雯 雯 wen f 6
晨 晨 chen n 8
睿 睿 rui m 6
轩 軒 xuan m 6
泽 澤 ze m 6
宏 宏 hong m 8
红 紅 hong f 10
成 成 cheng m 6
毅 毅 yi m 5
怡 怡 yi f 8
振 振 zhen m 5
子 子 zi n 8
天 天 tian m 6
家 家 jia n 6
佳 佳 jia f 10
嘉 嘉 jia n 6
芳 芳 fang f 30
娜 娜 na f 25
敏 敏 min f 22
静 靜 jing f 22
晶 晶 jing f 8
婧 婧 jing f 4
丽 麗 li f 22
莉 莉 li f 8
俐 俐 li f 2
艳 豔 yan f 15
燕 燕 yan f 10
雁 雁 yan f 3
娟 娟 juan f 12
霞 霞 xia f 12
秀 秀 xiu f 12
英 英 ying f 12
颖 穎 ying f 8
莹 瑩 ying f 6
玲 玲 ling f 12
桂 桂 gui f 6
丹 丹 dan f 10
兰 蘭 lan f 10
婷 婷 ting f 12
雪 雪 xue f 8
倩 倩 qian f 8
梅 梅 mei f 8
悦 悅 yue f 6
琴 琴 qin f 5
云 雲 yun n 6
诗 詩 shi f 5
梦 夢 meng f 5
涵 涵 han n 6
思 思 si n 6
语 語 yu f 4
晓 曉 xiao n 10
小 小 xiao n 8
春 春 chun n 6
"""

# Given names that are very common on their own (single character) get this extra probability mass.
SINGLE_CHARACTER_SHARE = 0.32


@dataclass(frozen=True)
class HanTable:
    """Characters with their traditional form, pinyin, weights and homophone alternatives."""

    simplified: tuple[str, ...]
    traditional: tuple[str, ...]
    pinyin: tuple[str, ...]
    weight: np.ndarray
    usage: tuple[str, ...]
    homophone: np.ndarray  # index of another character read the same way (itself when none)


def _homophones(pinyin: tuple[str, ...]) -> np.ndarray:
    groups: dict[str, list[int]] = {}
    for i, reading in enumerate(pinyin):
        groups.setdefault(reading, []).append(i)
    alternative = np.arange(len(pinyin))
    for members in groups.values():
        for k, i in enumerate(members):
            alternative[i] = members[(k + 1) % len(members)]
    return alternative


def _parse(table: str, with_usage: bool) -> HanTable:
    rows = [line.split() for line in table.strip().splitlines()]
    pinyin = tuple(r[2] for r in rows)
    return HanTable(
        simplified=tuple(r[0] for r in rows),
        traditional=tuple(r[1] for r in rows),
        pinyin=pinyin,
        weight=np.array([float(r[-1]) for r in rows]),
        usage=tuple(r[3] if with_usage else "n" for r in rows),
        homophone=_homophones(pinyin),
    )


SURNAMES = _parse(_SURNAMES, with_usage=False)
GIVEN_CHARS = _parse(_GIVEN, with_usage=True)


# Characters that open a two-character given name but do not end one (小明, 晓燕, but not 明小).
FIRST_POSITION_ONLY = ("小", "晓", "子", "家", "思")


def given_char_weights(female: bool, second: bool = False) -> np.ndarray:
    """Probability of each given-name character for one gender (the other gender's characters excluded);
    `second` gives the weights for the second character of a two-character name."""
    usage = np.array(GIVEN_CHARS.usage)
    allowed = (usage == "n") | (usage == ("f" if female else "m"))
    if second:
        allowed &= ~np.isin(np.array(GIVEN_CHARS.simplified), FIRST_POSITION_ONLY)
    weight = np.where(allowed, GIVEN_CHARS.weight, 0.0)
    return weight / weight.sum()


def simplified_to_traditional() -> dict[str, str]:
    """The character mapping used for traditional-script records (surnames and given-name characters)."""
    pairs = dict(zip(GIVEN_CHARS.simplified, GIVEN_CHARS.traditional, strict=True))
    for simp, trad in zip(SURNAMES.simplified, SURNAMES.traditional, strict=True):
        for s_char, t_char in zip(simp, trad, strict=True):
            pairs[s_char] = t_char
    return pairs


@dataclass(frozen=True)
class LatinNames:
    """First names (male, female) and last names for one country."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    family_first: bool = False


LATIN_NAMES: dict[str, LatinNames] = {
    "EN": LatinNames(
        male=(
            "James",
            "John",
            "Robert",
            "Michael",
            "William",
            "David",
            "Richard",
            "Joseph",
            "Thomas",
            "Charles",
            "Daniel",
            "Matthew",
            "Anthony",
            "Mark",
            "Steven",
            "Andrew",
            "Paul",
            "Joshua",
            "Kevin",
            "Brian",
            "George",
            "Ryan",
            "Jacob",
            "Nicholas",
            "Oliver",
            "Harry",
            "Jack",
            "Noah",
        ),
        female=(
            "Mary",
            "Patricia",
            "Jennifer",
            "Linda",
            "Elizabeth",
            "Barbara",
            "Susan",
            "Jessica",
            "Sarah",
            "Karen",
            "Emily",
            "Olivia",
            "Emma",
            "Sophia",
            "Amelia",
            "Isabella",
            "Grace",
            "Chloe",
            "Hannah",
            "Lauren",
            "Rachel",
            "Megan",
            "Laura",
            "Anna",
            "Lucy",
            "Charlotte",
        ),
        last=(
            "Smith",
            "Johnson",
            "Williams",
            "Brown",
            "Jones",
            "Garcia",
            "Miller",
            "Davis",
            "Wilson",
            "Anderson",
            "Taylor",
            "Thomas",
            "Moore",
            "Martin",
            "Jackson",
            "Thompson",
            "White",
            "Harris",
            "Clark",
            "Lewis",
            "Walker",
            "Hall",
            "Young",
            "King",
            "Wright",
            "Scott",
            "Green",
            "Baker",
            "Adams",
            "Nelson",
            "Hill",
            "Campbell",
            "Mitchell",
            "Roberts",
            "Evans",
            "Turner",
        ),
    ),
    "DE": LatinNames(
        male=(
            "Lukas",
            "Jonas",
            "Felix",
            "Maximilian",
            "Leon",
            "Paul",
            "Elias",
            "Tim",
            "Jan",
            "Niklas",
            "Stefan",
            "Andreas",
            "Thomas",
            "Michael",
            "Markus",
        ),
        female=(
            "Anna",
            "Lena",
            "Leonie",
            "Hannah",
            "Lea",
            "Marie",
            "Laura",
            "Julia",
            "Sophie",
            "Katrin",
            "Sabine",
            "Claudia",
            "Petra",
            "Jana",
            "Mia",
        ),
        last=(
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
            "Koch",
            "Richter",
            "Klein",
            "Wolf",
            "Schröder",
            "Neumann",
            "Braun",
            "Zimmermann",
        ),
    ),
    "FR": LatinNames(
        male=(
            "Louis",
            "Gabriel",
            "Hugo",
            "Lucas",
            "Arthur",
            "Jules",
            "Nathan",
            "Thomas",
            "Nicolas",
            "Julien",
            "Pierre",
            "Antoine",
            "Mathieu",
            "Étienne",
        ),
        female=(
            "Emma",
            "Jade",
            "Léa",
            "Chloé",
            "Manon",
            "Camille",
            "Inès",
            "Sarah",
            "Julie",
            "Marie",
            "Claire",
            "Amélie",
            "Élodie",
            "Pauline",
        ),
        last=(
            "Martin",
            "Bernard",
            "Dubois",
            "Thomas",
            "Robert",
            "Richard",
            "Petit",
            "Durand",
            "Leroy",
            "Moreau",
            "Simon",
            "Laurent",
            "Lefèvre",
            "Michel",
            "Garnier",
            "Faure",
            "Rousseau",
        ),
    ),
    "JP": LatinNames(
        male=("Haruto", "Sota", "Yuto", "Ren", "Takumi", "Hiroshi", "Kenji", "Daiki", "Shota", "Yuki"),
        female=("Yui", "Hina", "Sakura", "Aoi", "Yuna", "Mei", "Akiko", "Yoko", "Misaki", "Naomi"),
        last=(
            "Sato",
            "Suzuki",
            "Takahashi",
            "Tanaka",
            "Watanabe",
            "Ito",
            "Yamamoto",
            "Nakamura",
            "Kobayashi",
            "Kato",
            "Yoshida",
            "Yamada",
        ),
        family_first=True,
    ),
    "KR": LatinNames(
        male=("Min-jun", "Ji-ho", "Do-yun", "Seo-jun", "Ha-joon", "Jae-won", "Hyun-woo", "Sung-min"),
        female=("Seo-yeon", "Ha-eun", "Ji-woo", "Soo-ah", "Ji-min", "Yu-na", "Eun-ji", "Hye-jin"),
        last=("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"),
        family_first=True,
    ),
    "IN": LatinNames(
        male=("Aarav", "Rahul", "Arjun", "Vikram", "Rohan", "Amit", "Sanjay", "Karan", "Ravi", "Anil"),
        female=("Priya", "Ananya", "Divya", "Pooja", "Neha", "Kavya", "Sneha", "Lakshmi", "Meera", "Asha"),
        last=("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Mehta", "Joshi"),
    ),
}


def ascii_fold(name: str) -> str:
    """Latin name without accents, for e-mail addresses (Müller -> muller, Étienne -> etienne)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isascii() and (c.isalpha() or c == "-")).replace("-", "")
