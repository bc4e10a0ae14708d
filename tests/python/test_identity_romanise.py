"""Romanised name keys (cwh.identity.romanise): the same name in hanzi and pinyin meets, homophones meet,
different names do not."""

from __future__ import annotations

import pytest

from cwh.identity.romanise import romanise_name


@pytest.mark.parametrize(
    ("name", "romanised", "sorted_key"),
    [
        ("张伟明", "zhangweiming", "weimingzhang"),
        ("Zhang Weiming", "zhangweiming", "weimingzhang"),
        ("Weiming Zhang", "weimingzhang", "weimingzhang"),
        ("曾悦静", "zengyuejing", "yuejingzeng"),  # surname reading, not ceng
        ("叶芳", "yefang", "fangye"),  # text-unidecode alone reads xie
        ("吕芳", "lufang", "fanglu"),
        ("Lyu Fang", "lufang", "fanglu"),  # ü written yu
        ("欧阳娜娜", "ouyangnana", "nanaouyang"),  # two-character surname
        ("José García", "josegarcia", "garciajose"),
    ],
)
def test_romanised_keys(name: str, romanised: str, sorted_key: str) -> None:
    assert romanise_name(name) == (romanised, sorted_key)


def test_homophones_share_a_key_and_different_names_do_not() -> None:
    assert romanise_name("张伟")[1] == romanise_name("张玮")[1]
    assert romanise_name("张伟")[1] != romanise_name("张丽")[1]
    assert romanise_name("徐静")[1] == romanise_name("许静")[1]  # xu / xu: a surname typo by sound


def test_no_letters_no_key() -> None:
    assert romanise_name(None) == (None, None)
    assert romanise_name("·") == (None, None)
