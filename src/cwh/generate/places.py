"""Places: Chinese cities with their province, commercial city tier and postal-code prefix, the foreign
countries and cities the international customers live in, and street-address parts.

City tiers follow 第一财经·新一线城市研究所《城市商业魅力排行榜》 (2024 edition): 一线 (4 cities),
新一线 (15), 二线 (30, a selection here) and 三线 (a selection). Weights are rough shares of
urban consumers, so the big cities dominate the way they do in a real customer base.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# city, city (pinyin), province (full official name), province (pinyin), tier, postal prefix, weight
_CN_CITIES = """
北京 Beijing 北京市 Beijing 一线 100 6.5
上海 Shanghai 上海市 Shanghai 一线 200 7.0
广州 Guangzhou 广东省 Guangdong 一线 510 5.5
深圳 Shenzhen 广东省 Guangdong 一线 518 5.5
成都 Chengdu 四川省 Sichuan 新一线 610 4.0
杭州 Hangzhou 浙江省 Zhejiang 新一线 310 3.8
重庆 Chongqing 重庆市 Chongqing 新一线 400 4.0
苏州 Suzhou 江苏省 Jiangsu 新一线 215 3.0
武汉 Wuhan 湖北省 Hubei 新一线 430 3.2
西安 Xi'an 陕西省 Shaanxi 新一线 710 3.0
南京 Nanjing 江苏省 Jiangsu 新一线 210 2.8
长沙 Changsha 湖南省 Hunan 新一线 410 2.4
天津 Tianjin 天津市 Tianjin 新一线 300 3.0
郑州 Zhengzhou 河南省 Henan 新一线 450 2.6
东莞 Dongguan 广东省 Guangdong 新一线 523 2.2
无锡 Wuxi 江苏省 Jiangsu 新一线 214 1.6
宁波 Ningbo 浙江省 Zhejiang 新一线 315 1.8
青岛 Qingdao 山东省 Shandong 新一线 266 2.0
合肥 Hefei 安徽省 Anhui 新一线 230 2.0
佛山 Foshan 广东省 Guangdong 二线 528 1.6
沈阳 Shenyang 辽宁省 Liaoning 二线 110 1.5
昆明 Kunming 云南省 Yunnan 二线 650 1.4
济南 Jinan 山东省 Shandong 二线 250 1.4
厦门 Xiamen 福建省 Fujian 二线 361 1.2
福州 Fuzhou 福建省 Fujian 二线 350 1.3
温州 Wenzhou 浙江省 Zhejiang 二线 325 1.2
哈尔滨 Harbin 黑龙江省 Heilongjiang 二线 150 1.3
石家庄 Shijiazhuang 河北省 Hebei 二线 050 1.2
大连 Dalian 辽宁省 Liaoning 二线 116 1.1
南宁 Nanning 广西壮族自治区 Guangxi 二线 530 1.1
泉州 Quanzhou 福建省 Fujian 二线 362 1.0
贵阳 Guiyang 贵州省 Guizhou 二线 550 1.0
长春 Changchun 吉林省 Jilin 二线 130 1.0
南昌 Nanchang 江西省 Jiangxi 二线 330 1.0
太原 Taiyuan 山西省 Shanxi 二线 030 0.9
珠海 Zhuhai 广东省 Guangdong 二线 519 0.7
兰州 Lanzhou 甘肃省 Gansu 三线 730 0.6
海口 Haikou 海南省 Hainan 三线 570 0.5
乌鲁木齐 Urumqi 新疆维吾尔自治区 Xinjiang 三线 830 0.5
呼和浩特 Hohhot 内蒙古自治区 Inner_Mongolia 三线 010 0.4
扬州 Yangzhou 江苏省 Jiangsu 三线 225 0.5
洛阳 Luoyang 河南省 Henan 三线 471 0.5
芜湖 Wuhu 安徽省 Anhui 三线 241 0.4
汕头 Shantou 广东省 Guangdong 三线 515 0.5
"""

_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "自治区", "省", "市")


@dataclass(frozen=True)
class CityTable:
    """Chinese cities; province short form drops 省/市/自治区 (广东省 -> 广东)."""

    name: tuple[str, ...]
    name_en: tuple[str, ...]
    province: tuple[str, ...]
    province_short: tuple[str, ...]
    province_en: tuple[str, ...]
    tier: tuple[str, ...]
    postal_prefix: np.ndarray
    weight: np.ndarray


def _short_province(name: str) -> str:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _parse_cities(table: str) -> CityTable:
    rows = [line.split() for line in table.strip().splitlines()]
    weight = np.array([float(r[6]) for r in rows])
    return CityTable(
        name=tuple(r[0] for r in rows),
        name_en=tuple(r[1] for r in rows),
        province=tuple(r[2] for r in rows),
        province_short=tuple(_short_province(r[2]) for r in rows),
        province_en=tuple(r[3].replace("_", " ") for r in rows),
        tier=tuple(r[4] for r in rows),
        postal_prefix=np.array([int(r[5]) for r in rows]),
        weight=weight / weight.sum(),
    )


CN_CITIES = _parse_cities(_CN_CITIES)

# Road names found in most Chinese cities, with pinyin for English-style addresses.
ROADS = (
    ("人民路", "Renmin Rd"),
    ("解放路", "Jiefang Rd"),
    ("中山路", "Zhongshan Rd"),
    ("建设路", "Jianshe Rd"),
    ("和平路", "Heping Rd"),
    ("新华路", "Xinhua Rd"),
    ("胜利路", "Shengli Rd"),
    ("文化路", "Wenhua Rd"),
    ("青年路", "Qingnian Rd"),
    ("东风路", "Dongfeng Rd"),
    ("友谊路", "Youyi Rd"),
    ("光明路", "Guangming Rd"),
    ("学院路", "Xueyuan Rd"),
    ("工业路", "Gongye Rd"),
    ("花园路", "Huayuan Rd"),
    ("幸福路", "Xingfu Rd"),
    ("团结路", "Tuanjie Rd"),
    ("迎宾路", "Yingbin Rd"),
    ("滨河路", "Binhe Rd"),
    ("长江路", "Changjiang Rd"),
)
COMPOUNDS = (
    "阳光花园",
    "锦绣家园",
    "翠苑小区",
    "金色家园",
    "碧水湾",
    "世纪城",
    "紫荆苑",
    "绿地公寓",
    "春华苑",
    "万科城",
    "幸福里",
    "恒大名都",
    "保利花园",
    "新城国际",
    "海棠湾",
)


@dataclass(frozen=True)
class Country:
    """A foreign country: names, calling code, mobile number layout, currency and a few cities."""

    code: str
    name: str
    calling_code: str
    mobile_prefixes: tuple[str, ...]  # leading national digits of a mobile number (all one length)
    national_digits: int
    currency: str
    names: str  # key of names.LATIN_NAMES
    cities: tuple[tuple[str, str, str], ...]  # city, state/region, postal code template (# digit, @ letter)
    streets: tuple[str, ...]
    weight: float


COUNTRIES: tuple[Country, ...] = (
    Country(
        "US",
        "United States",
        "1",
        ("212", "415", "646", "312", "206", "617", "713", "310"),
        10,
        "USD",
        "EN",
        (
            ("New York", "NY", "100##"),
            ("San Francisco", "CA", "941##"),
            ("Chicago", "IL", "606##"),
            ("Seattle", "WA", "981##"),
            ("Boston", "MA", "021##"),
            ("Houston", "TX", "770##"),
        ),
        ("Main St", "Oak Ave", "Market St", "Maple Dr", "Park Ave", "Washington Blvd"),
        6.0,
    ),
    Country(
        "GB",
        "United Kingdom",
        "44",
        ("74", "75", "78", "79"),
        10,
        "EUR",
        "EN",
        (
            ("London", "England", "SW1A #@@"),
            ("Manchester", "England", "M# #@@"),
            ("Edinburgh", "Scotland", "EH# #@@"),
        ),
        ("High Street", "Station Road", "Church Lane", "Victoria Road"),
        3.0,
    ),
    Country(
        "DE",
        "Germany",
        "49",
        ("151", "152", "160", "170", "171", "176"),
        11,
        "EUR",
        "DE",
        (("Berlin", "Berlin", "10###"), ("München", "Bayern", "80###"), ("Hamburg", "Hamburg", "20###")),
        ("Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schillerstraße"),
        3.0,
    ),
    Country(
        "FR",
        "France",
        "33",
        ("61", "62", "64", "66", "67", "68", "73", "75", "76", "77", "78"),
        9,
        "EUR",
        "FR",
        (
            ("Paris", "Île-de-France", "750##"),
            ("Lyon", "Auvergne-Rhône-Alpes", "6900#"),
            ("Marseille", "Provence-Alpes-Côte d'Azur", "130##"),
        ),
        ("Rue de la Paix", "Avenue Victor Hugo", "Rue du Commerce", "Boulevard Voltaire"),
        2.5,
    ),
    Country(
        "JP",
        "Japan",
        "81",
        ("901", "903", "905", "908", "802", "806", "809", "703", "707"),
        10,
        "JPY",
        "JP",
        (
            ("Tokyo", "Tokyo", "1##-####"),
            ("Osaka", "Osaka", "5##-####"),
            ("Yokohama", "Kanagawa", "2##-####"),
        ),
        ("Chuo", "Minato", "Shinjuku", "Shibuya"),
        3.0,
    ),
    Country(
        "KR",
        "South Korea",
        "82",
        ("10",),
        10,
        "USD",
        "KR",
        (("Seoul", "Seoul", "0####"), ("Busan", "Busan", "4####")),
        ("Gangnam-daero", "Teheran-ro", "Sejong-daero"),
        2.0,
    ),
    Country(
        "SG",
        "Singapore",
        "65",
        ("81", "83", "85", "87", "88", "90", "91", "93", "96", "97", "98"),
        8,
        "USD",
        "EN",
        (("Singapore", "Singapore", "######"),),
        ("Orchard Road", "Raffles Place", "Tanjong Pagar Road"),
        2.0,
    ),
    Country(
        "AU",
        "Australia",
        "61",
        ("40", "41", "42", "43", "46"),
        9,
        "USD",
        "EN",
        (("Sydney", "NSW", "2###"), ("Melbourne", "VIC", "3###")),
        ("George St", "Collins St", "King St"),
        1.5,
    ),
    Country(
        "CA",
        "Canada",
        "1",
        ("416", "604", "514"),
        10,
        "USD",
        "EN",
        (("Toronto", "ON", "M#@ #@#"), ("Vancouver", "BC", "V#@ #@#"), ("Montreal", "QC", "H#@ #@#")),
        ("Yonge St", "Queen St", "Bay St"),
        1.5,
    ),
    Country(
        "IN",
        "India",
        "91",
        ("98", "97", "91", "88", "70"),
        10,
        "USD",
        "IN",
        (
            ("Mumbai", "Maharashtra", "400###"),
            ("Bengaluru", "Karnataka", "560###"),
            ("Delhi", "Delhi", "110###"),
        ),
        ("MG Road", "Link Road", "Park Street"),
        1.5,
    ),
)

COUNTRY_WEIGHTS = np.array([c.weight for c in COUNTRIES]) / sum(c.weight for c in COUNTRIES)
