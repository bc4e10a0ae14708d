"""Companies: names, e-mail domains and websites, Chinese (深圳市华信电子有限公司, huaxin-elec.com.cn) and
international (Brightline Trading Ltd., brightline-trading.com). Used for company e-mail addresses of
customers and for the contacts behind inquiries."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from cwh.generate import text
from cwh.generate.places import CN_CITIES

# brand (Chinese), brand (pinyin)
CN_BRANDS = (
    ("华信", "huaxin"),
    ("天宇", "tianyu"),
    ("恒泰", "hengtai"),
    ("嘉禾", "jiahe"),
    ("鼎盛", "dingsheng"),
    ("信达", "xinda"),
    ("远丰", "yuanfeng"),
    ("开元", "kaiyuan"),
    ("中科", "zhongke"),
    ("海达", "haida"),
    ("金龙", "jinlong"),
    ("瑞丰", "ruifeng"),
    ("宏图", "hongtu"),
    ("永盛", "yongsheng"),
    ("佳美", "jiamei"),
    ("博远", "boyuan"),
    ("创新", "chuangxin"),
    ("东方", "dongfang"),
    ("联合", "lianhe"),
    ("星辰", "xingchen"),
    ("华美", "huamei"),
    ("盛世", "shengshi"),
    ("云海", "yunhai"),
    ("新锐", "xinrui"),
    ("正泰", "zhengtai"),
)
# trade word (Chinese), domain suffix
CN_TRADES = (
    ("电子", "elec"),
    ("科技", "tech"),
    ("贸易", "trade"),
    ("实业", "group"),
    ("家居", "home"),
    ("服饰", "fashion"),
    ("食品", "food"),
    ("机械", "machinery"),
    ("商贸", "trading"),
    ("进出口", "impexp"),
)
CN_TLDS = (".com", ".com.cn", ".cn")
EN_BRANDS = (
    "Northwind",
    "Bluepeak",
    "Brightline",
    "Oakridge",
    "Silverline",
    "Greenfield",
    "Redstone",
    "Summit",
    "Harbor",
    "Pioneer",
    "Evergreen",
    "Lakeside",
    "Ironwood",
    "Westgate",
    "Crescent",
    "Keystone",
)
EN_TRADES = (
    ("Trading", "trading"),
    ("Supplies", "supplies"),
    ("Retail", "retail"),
    ("Imports", "imports"),
    ("Electronics", "electronics"),
    ("Home", "home"),
    ("Distribution", "dist"),
    ("Group", "group"),
)
EN_FORMS = ("Ltd.", "Inc.", "GmbH", "LLC", "Co., Ltd.", "Pty Ltd", "S.A.R.L.")
EN_TLDS = (".com", ".net", ".co.uk", ".de", ".com.au")


@dataclass(frozen=True)
class Companies:
    """A pool of companies: `name`, `domain` (for e-mail) and `website`, all Arrow string arrays."""

    name: pa.Array
    domain: pa.Array
    website: pa.Array
    is_cn: np.ndarray
    city: np.ndarray  # index into CN_CITIES for Chinese companies, -1 otherwise


def make_companies(rng: np.random.Generator, count: int, cn_share: float = 0.7) -> Companies:
    """`count` companies; brand+trade pairs repeat, so two companies may share a name in different cities."""
    is_cn = rng.random(count) < cn_share
    city = np.where(is_cn, rng.choice(len(CN_CITIES.name), count, p=CN_CITIES.weight), -1)
    cn_name, cn_domain = _cn_company(rng, count, np.maximum(city, 0))
    en_name, en_domain = _en_company(rng, count)
    name = text.choose(is_cn.astype(np.int8), [en_name, cn_name])
    domain = text.choose(is_cn.astype(np.int8), [en_domain, cn_domain])
    prefix = rng.choice(3, count, p=[0.6, 0.3, 0.1])
    website = text.choose(
        prefix, [text.join("www.", domain), text.join("http://www.", domain), text.join("https://", domain)]
    )
    return Companies(name=name, domain=domain, website=website, is_cn=is_cn, city=city)


def _cn_company(rng: np.random.Generator, count: int, city: np.ndarray) -> tuple[pa.Array, pa.Array]:
    brand = rng.integers(len(CN_BRANDS), size=count)
    trade = rng.integers(len(CN_TRADES), size=count)
    tld = rng.choice(len(CN_TLDS), count, p=[0.55, 0.35, 0.10])
    name = text.join(
        text.lookup(CN_CITIES.name, city),
        "市",
        text.lookup([b[0] for b in CN_BRANDS], brand),
        text.lookup([t[0] for t in CN_TRADES], trade),
        "有限公司",
    )
    domain = text.join(
        text.lookup([b[1] for b in CN_BRANDS], brand),
        "-",
        text.lookup([t[1] for t in CN_TRADES], trade),
        text.lookup(CN_TLDS, tld),
    )
    return name, domain


def _en_company(rng: np.random.Generator, count: int) -> tuple[pa.Array, pa.Array]:
    brand = rng.integers(len(EN_BRANDS), size=count)
    trade = rng.integers(len(EN_TRADES), size=count)
    form = rng.integers(len(EN_FORMS), size=count)
    tld = rng.choice(len(EN_TLDS), count, p=[0.6, 0.1, 0.1, 0.1, 0.1])
    name = text.join(
        text.lookup(EN_BRANDS, brand),
        " ",
        text.lookup([t[0] for t in EN_TRADES], trade),
        " ",
        text.lookup(EN_FORMS, form),
    )
    domain = text.join(
        text.lookup([b.lower() for b in EN_BRANDS], brand),
        "-",
        text.lookup([t[1] for t in EN_TRADES], trade),
        text.lookup(EN_TLDS, tld),
    )
    return name, domain
