"""Product catalogue: about 200 products in 10 categories, named with a model number (星河 X200-PRO
无线降噪耳机), with list price and unit cost in the base currency (CNY)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from cwh.generate import text
from cwh.generate.contract import ENTITY_COLUMNS

# slug, model letter, product nouns, price range in CNY
CATEGORIES: tuple[tuple[str, str, tuple[str, ...], tuple[float, float]], ...] = (
    ("phones", "X", ("智能手机", "无线降噪耳机", "蓝牙音箱", "智能手表", "移动电源"), (99, 8_999)),
    ("computers", "K", ("轻薄笔记本", "机械键盘", "无线鼠标", "显示器", "平板电脑"), (79, 14_999)),
    ("home_appliances", "H", ("空气净化器", "扫地机器人", "吸尘器", "加湿器", "电风扇"), (129, 5_999)),
    ("kitchen", "C", ("电饭煲", "空气炸锅", "破壁机", "电水壶", "咖啡机"), (69, 3_999)),
    ("personal_care", "P", ("电动牙刷", "吹风机", "剃须刀", "按摩仪", "体脂秤"), (49, 2_499)),
    ("apparel", "A", ("羽绒服", "冲锋衣", "运动鞋", "双肩包", "真丝衬衫"), (59, 2_999)),
    ("beauty", "B", ("精华液", "面霜", "防晒霜", "口红套装", "香水"), (39, 1_999)),
    ("food", "F", ("有机茶叶礼盒", "坚果礼盒", "咖啡豆", "进口红酒", "燕窝礼盒"), (19, 1_599)),
    ("sports", "S", ("跑步机", "瑜伽垫", "山地自行车", "登山杖", "智能跳绳"), (29, 6_999)),
    ("toys", "T", ("积木套装", "遥控车", "早教机", "拼图", "毛绒玩具"), (29, 1_299)),
)
SERIES = ("星河", "极光", "锐影", "悦享", "青云", "天启", "初见", "凌风")
SUFFIXES = ("-PRO", "-MAX", "-LITE", "-S", "-PLUS", "")
PRODUCTS_PER_CATEGORY = 20


@dataclass(frozen=True)
class Catalogue:
    """Products sorted by list price (cheapest first), so a price level maps to a position."""

    product_id: tuple[str, ...]
    model: tuple[str, ...]
    category: np.ndarray  # index into CATEGORIES
    list_price: np.ndarray  # CNY
    table: pa.Table


def make_catalogue(rng: np.random.Generator) -> Catalogue:
    rows = []
    used_models: set[str] = set()
    for c, (slug, letter, nouns, (low, high)) in enumerate(CATEGORIES):
        for _ in range(PRODUCTS_PER_CATEGORY):
            model = _model_number(rng, letter, used_models)
            price = float(np.exp(rng.uniform(np.log(low), np.log(high))))
            price = max(round(price / 10) * 10 - 1, 9)  # shelf prices end in 9
            cost = round(price * rng.uniform(0.45, 0.75), 2)
            name = f"{SERIES[rng.integers(len(SERIES))]} {model} {nouns[rng.integers(len(nouns))]}"
            rows.append((slug, c, model, name, float(price), cost))
    rows.sort(key=lambda r: (r[4], r[2]))
    product_id = tuple(f"P{10001 + i}" for i in range(len(rows)))
    table = pa.table(
        {
            "product_id": pa.array(product_id),
            "product_name": pa.array([r[3] for r in rows]),
            "category": pa.array([r[0] for r in rows]),
            "list_price": text.money_strings(np.array([round(r[4] * 100) for r in rows])),
            "unit_cost": text.money_strings(np.array([round(r[5] * 100) for r in rows])),
        }
    )
    return Catalogue(
        product_id=product_id,
        model=tuple(r[2] for r in rows),
        category=np.array([r[1] for r in rows]),
        list_price=np.array([r[4] for r in rows]),
        table=table.select(list(ENTITY_COLUMNS["products"])),
    )


def _model_number(rng: np.random.Generator, letter: str, used: set[str]) -> str:
    while True:
        number = rng.integers(1, 10) * 100 + rng.choice([0, 0, 10, 20, 50])
        model = f"{letter}{number}{SUFFIXES[rng.integers(len(SUFFIXES))]}"
        if model not in used:
            used.add(model)
            return model
