"""Romanised name keys, so a name written in Chinese characters and the same name in pinyin can meet.

`张伟明` and `Zhang Weiming` (or `Weiming Zhang`) share the key `weimingzhang`: the family name and the
given name romanised, as two tokens, sorted and joined. Latin names get the same treatment from their
own tokens. Characters are read with text-unidecode's Mandarin readings (one reading per character,
no tones), with the surname readings that differ from a character's common reading fixed (曾 is Zeng as
a surname, not Ceng), and a few everyday readings text-unidecode gets wrong (叶 is ye, not xie).
Homophones share a key (伟, 玮 and 炜 are all wei), which is exactly the typo a pinyin input method
makes; the comparison levels keep "same characters" above "same sound".
ü is written u (Lü, Lyu, Lv -> lu) on both sides, as passports and e-mail addresses disagree on it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from text_unidecode import unidecode

if TYPE_CHECKING:
    import pandas as pd

# Two-character family names (复姓) common enough to appear in customer data.
COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
     "轩辕", "令狐", "钟离", "端木", "申屠", "澹台", "南宫", "独孤", "百里", "呼延", "万俟", "闻人", "西门"}
)
# Readings of characters as family names where they differ from the character's common reading.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "仇": "qiu", "朴": "piao", "解": "xie", "区": "ou", "查": "zha", "盖": "ge",
    "乐": "yue", "翟": "zhai", "缪": "miao", "覃": "qin", "种": "chong", "秘": "bi", "重": "chong",
    "员": "yun", "召": "shao", "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi", "单于": "chanyu",
    "柏": "bai", "薄": "bo", "繁": "po", "句": "gou", "蕃": "pi", "能": "nai",
}
# Common characters whose text-unidecode reading is not the everyday one (叶 is ye, not xie).
CHARACTER_READINGS = {
    "叶": "ye", "沈": "shen", "薛": "xue", "万": "wan", "宁": "ning", "娜": "na", "洁": "jie",
}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_LETTER = re.compile(r"[^a-z0-9]+")
_U_UMLAUT = re.compile(r"(?<=[ln])(yu|v)")


def _ascii_tokens(text: str) -> list[str]:
    folded = unidecode(unicodedata.normalize("NFKC", text)).lower()
    return [_U_UMLAUT.sub("u", token) for token in _NOT_LETTER.split(folded) if token]


def _read(characters: str, as_surname: bool) -> str:
    if as_surname and characters in SURNAME_READINGS:
        return SURNAME_READINGS[characters]
    if characters in CHARACTER_READINGS:
        return CHARACTER_READINGS[characters]
    return "".join(_ascii_tokens(characters)) if characters else ""


@lru_cache(maxsize=500_000)
def romanise_name(name: str | None) -> tuple[str | None, str | None]:
    """(romanised, romanised_sorted) keys of a full name in simplified Chinese or Latin script.

    Chinese (family name first, as written): romanised = family + given pinyin; sorted = the two
    readings sorted and joined. Latin: romanised = tokens joined; sorted = tokens sorted and joined.
    Returns (None, None) for a name without letters.
    """
    if name is None:
        return None, None
    han = "".join(_HAN.findall(name))
    if han:
        family_length = 2 if han[:2] in COMPOUND_SURNAMES and len(han) > 2 else 1
        family = _read(han[:family_length], as_surname=True)
        given = "".join(_read(char, as_surname=False) for char in han[family_length:])
        tokens = [t for t in (family, given) if t]
    else:
        tokens = _ascii_tokens(name)
    if not tokens:
        return None, None
    return "".join(tokens), "".join(sorted(tokens))


def romanised_names_table(names: Sequence[str]) -> pd.DataFrame:
    """The rows of model int_customer_names_romanised (one per distinct name), on every engine."""
    import pandas as pd

    keys = [romanise_name(str(name)) for name in names]
    return pd.DataFrame(
        {
            "full_name_simplified": pd.Series(list(names), dtype="string"),
            "name_romanised": pd.Series([k[0] for k in keys], dtype="string"),
            "name_romanised_sorted": pd.Series([k[1] for k in keys], dtype="string"),
        }
    )
