"""Shared helpers of the data-quality, reliability, publishing and PII tests (no tests of its own).

`write_raw_dataset` writes a small deterministic raw dataset (customers + orders, CSV) whose truth is
known: how many rows are clean, which PII values went in. `run_build` runs `python -m cwh build` on
it with private paths (warehouse, target, temp, Data Docs), so tests never touch the shared
warehouse and can run side by side under pytest-xdist.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from cwh.generate.contract import ENTITY_COLUMNS

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).with_name("dbt")


def _contract_without(entity: str, *left_out: str) -> list[str]:
    """The raw contract's columns of `entity` in file order, less optional ones these files leave out."""
    return [column for column in ENTITY_COLUMNS[entity] if column not in left_out]


# the hand-made files carry the contract's columns (cwh.generate.contract) less some optional ones, so
# the loader's "optional column missing" path runs in every test that uses them
CUSTOMER_COLUMNS = _contract_without(
    "customers", "given_name", "family_name", "occupation", "income_band", "household_size", "marital_status"
)
ORDER_COLUMNS = _contract_without("orders")
FAMILY = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "勇"]
CITIES = [("广东", "广州"), ("广东", "深圳"), ("上海", "上海"), ("北京", "北京"), ("浙江", "杭州")]
STREETS = ["中山路", "人民路", "解放路", "建设路", "和平街"]


@dataclass
class RawDataset:
    """What went into the raw files, so tests can assert what must come out."""

    path: Path
    customers: list[dict[str, str]] = field(default_factory=list)
    orders: list[dict[str, str]] = field(default_factory=list)
    inquiries: list[dict[str, str]] = field(default_factory=list)
    blacklist: list[dict[str, str]] = field(default_factory=list)

    @property
    def emails(self) -> set[str]:
        rows = self.customers + self.inquiries + self.blacklist
        return {row["email"] for row in rows if row.get("email")}

    @property
    def phones(self) -> set[str]:
        rows = self.customers + self.inquiries + self.blacklist
        return {row["phone"] for row in rows if row.get("phone")}

    @property
    def addresses(self) -> set[str]:
        return {c["address_line"] for c in self.customers if c["address_line"]} | {
            i["address"] for i in self.inquiries if i.get("address")
        }


def write_csv(
    path: Path, columns: list[str], rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def make_customers(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        province, city = rng.choice(CITIES)
        system = ("crm", "shop", "store")[i % 3]
        created = dt.datetime(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 365), hours=rng.randrange(24))
        rows.append(
            {
                "source_system": system,
                "source_customer_id": f"{system[0].upper()}{i:05d}",
                "full_name": rng.choice(FAMILY) + rng.choice(GIVEN) + rng.choice(GIVEN),
                "gender": rng.choice(["M", "F", "男", "女", ""]),
                "birth_date": str(dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 15000))),
                "email": f"user{i:05d}.{seed}@example.com",
                "phone": f"13{rng.randrange(0, 10)}{i:08d}",
                "country": "CN",
                "province": province,
                "city": city,
                "address_line": f"{city}市{rng.choice(STREETS)}{rng.randrange(1, 999)}号",
                "postal_code": f"{rng.randrange(100000, 999999)}",
                "is_member": rng.choice(["true", "false", "是", "否"]),
                "member_level": rng.choice(["basic", "silver", "gold"]),
                "acquisition_channel": rng.choice(["store", "web", "app", "referral"]),
                "created_at": created.strftime("%Y-%m-%d %H:%M:%S"),
                "updated_at": (created + dt.timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S"),
            }
        )
    return rows


def make_orders(customers: list[dict[str, str]], n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed + 1)
    rows = []
    start = dt.datetime(2023, 1, 1)
    for i in range(1, n + 1):
        # a skewed customer choice, so value tiers and RFM segments are not all alike
        customer = customers[
            min(int(rng.paretovariate(1.2)) - 1, len(customers) - 1)
            if i % 2
            else rng.randrange(len(customers))
        ]
        ordered = start + dt.timedelta(days=rng.randrange(0, 600), minutes=rng.randrange(1440))
        rows.append(
            {
                "source_system": customer["source_system"],
                "order_id": f"O{i:06d}",
                "source_customer_id": customer["source_customer_id"],
                "ordered_at": ordered.strftime("%Y-%m-%d %H:%M:%S"),
                "amount": f"{rng.lognormvariate(5, 0.8):.2f}",
                "currency": rng.choice(["CNY", "CNY", "CNY", "USD", ""]),
                "status": rng.choice(
                    ["completed", "completed", "completed", "已完成", "cancelled", "returned"]
                ),
                "discount": f"{rng.choice([0, 0, 5, 10]):.2f}",
                "channel": rng.choice(["web", "app", "store"]),
                "updated_at": (ordered + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S"),
            }
        )
    return rows


INQUIRY_COLUMNS = _contract_without(
    "inquiries",
    "website", "product_mentioned", "industry", "years_in_business", "customer_type", "annual_sales",
)
BLACKLIST_COLUMNS = _contract_without("blacklist", "birth_date")
SURVEY_COLUMNS = _contract_without("surveys", "comment")


def write_raw_dataset(path: Path, customers: int = 150, orders: int = 900, seed: int = 7) -> RawDataset:
    """A clean dataset: every row passes staging (tests add their own defects on top)."""
    data = RawDataset(path=path)
    data.customers = make_customers(customers, seed)
    data.orders = make_orders(data.customers, orders, seed)
    write_csv(path / "customers.csv", CUSTOMER_COLUMNS, data.customers)
    write_csv(path / "orders.csv", ORDER_COLUMNS, data.orders)
    return data


def write_quality_dataset(path: Path) -> RawDataset:
    """The dataset of the shared test warehouse: clean customers and orders plus known defects
    (2 orders whose amount is not a number, 1 exact copy of a customer row), NPS answers, inquiries
    (from customers and from strangers, with addresses) and a blacklist entry naming a customer."""
    data = write_raw_dataset(path, customers=300, orders=3000, seed=7)
    rng = random.Random(99)
    bad = [dict(data.orders[i], order_id=f"BAD{i}", amount="n/a") for i in (1, 2)]
    write_csv(path / "orders" / "late.csv", ORDER_COLUMNS, bad)
    write_csv(path / "customers" / "resent.csv", CUSTOMER_COLUMNS, [data.customers[5]])
    surveys = [
        {
            "response_id": f"R{i:03d}",
            "source_system": c["source_system"],
            "source_customer_id": c["source_customer_id"],
            "responded_at": f"2024-0{1 + i % 6}-15 10:00:00",
            "survey_type": "nps",
            "score": str(rng.randrange(0, 11)),
        }
        for i, c in enumerate(data.customers[:40])
    ]
    write_csv(path / "surveys.csv", SURVEY_COLUMNS, surveys)
    blacklisted = data.customers[3]
    data.blacklist = [
        {
            "blacklist_id": "B1",
            "full_name": blacklisted["full_name"],
            "email": blacklisted["email"],
            "phone": "",
            "reason": "fraud",
            "listed_at": "2024-01-01",
        }
    ]
    write_csv(path / "blacklist.csv", BLACKLIST_COLUMNS, data.blacklist)
    data.inquiries = [
        {
            "inquiry_id": f"Q{i}",
            "source_system": "",
            "source_customer_id": "",
            "received_at": f"2024-05-0{i} 09:00:00",
            "channel": "web_form",
            "contact_name": name,
            "company_name": f"{name}贸易有限公司",
            "email": email,
            "phone": phone,
            "address": address,
            "message": "请报价 model X-200, 500 pcs",
        }
        for i, (name, email, phone, address) in enumerate(
            [
                ("赵强", "zhao.qiang@tradeco.cn", "13912345678", "上海市浦东新区世纪大道100号"),
                ("钱敏", "qian.min@163.com", "13887654321", "杭州市西湖区文三路88号"),
                (
                    blacklisted["full_name"],
                    blacklisted["email"],
                    blacklisted["phone"],
                    blacklisted["address_line"],
                ),
            ],
            start=1,
        )
    ]
    write_csv(path / "inquiries.csv", INQUIRY_COLUMNS, data.inquiries)
    return data


@dataclass
class BuildPaths:
    """Private paths of one test warehouse."""

    root: Path

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "customers.duckdb"

    @property
    def target(self) -> Path:
        return self.root / "target"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DBT_PROFILES_DIR=str(PROJECT_DIR),
            RAW_DIR=str(self.raw_dir),
            WAREHOUSE_PATH=str(self.warehouse),
            DBT_TARGET_PATH=str(self.target),
            DBT_LOG_PATH=str(self.root / "logs"),
            DUCKDB_TEMP_DIR=str(self.root / "tmp"),
            CWH_REPORTS_DIR=str(self.reports),
            GX_ANALYTICS_ENABLED="False",
            DBT_SEND_ANONYMOUS_USAGE_STATS="False",
            NO_COLOR="1",
            COLUMNS="200",
        )
        env.update(extra)
        return env


def run_build(
    paths: BuildPaths, *args: str, timeout: int = 900, **extra_env: str
) -> subprocess.CompletedProcess:
    """`python -m cwh build` on the test paths; stdout and stderr captured as text."""
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "cwh", "build", *args],
        cwd=PROJECT_DIR,
        env=paths.env(**extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_dbt(paths: BuildPaths, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """`dbt <args>` writing into the test warehouse file itself (no publishing step)."""
    paths.warehouse.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [str(DBT), *args, "--target-path", str(paths.target), "--log-path", str(paths.root / "logs")],
        cwd=PROJECT_DIR,
        env=paths.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def query(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def output(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or "") + (result.stderr or "")


@dataclass
class SharedBuild:
    paths: BuildPaths
    data: RawDataset
    result: subprocess.CompletedProcess


@functools.cache
def shared_build(basetemp: Path) -> SharedBuild:
    """One full `python -m cwh build` of the quality dataset, made once per test process and shared by
    the modules of xdist group `dq_warehouse` (PII, publishing, history). Tests that build again work on
    a copy (`copy_build`), so this one stays as it was built."""
    paths = BuildPaths(basetemp / "dq_shared_build")
    data = write_quality_dataset(paths.raw_dir)
    # dbt's unit tests run on fixtures, not on this data: they are not what these tests are about
    result = run_build(paths, "--dbt-args", "--exclude resource_type:unit_test")
    return SharedBuild(paths, data, result)


def copy_build(shared: SharedBuild, root: Path) -> BuildPaths:
    """A private copy of the shared build's raw files and published warehouse, to build on again."""
    paths = BuildPaths(root)
    shutil.copytree(shared.paths.raw_dir, paths.raw_dir)
    paths.warehouse.parent.mkdir(parents=True)
    shutil.copyfile(shared.paths.warehouse, paths.warehouse)
    return paths


def _comparable(column: str, data_type: str) -> str:
    """A column as compared between builds: floating-point values to 9 significant digits (the last
    bits of a parallel sum or an optimiser may differ between runs; the numbers do not)."""
    if data_type in ("DOUBLE", "FLOAT", "REAL"):
        return f"format('{{:.9g}}', \"{column}\")"
    return f'"{column}"'


def marts_fingerprint(database: Path) -> dict[str, tuple[int, str]]:
    """{mart: (rows, order-independent hash of every row)} of schema marts."""
    return {
        table: (rows, str(sum(columns.values())))
        for table, (rows, columns) in _marts_columns(database).items()
    }


def _marts_columns(database: Path) -> dict[str, tuple[int, dict[str, int]]]:
    with duckdb.connect(str(database), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name, data_type from duckdb_columns() where schema_name = 'marts' "
            "and database_name = current_database() order by table_name, column_index"
        ).fetchall()
        tables: dict[str, list[tuple[str, str]]] = {}
        for table, column, data_type in columns:
            tables.setdefault(table, []).append((column, data_type))
        found = {}
        for table, described in tables.items():
            sums = ", ".join(
                f"cast(coalesce(sum(hash({_comparable(c, t)})), 0) as varchar)" for c, t in described
            )
            row = con.execute(f'select count(*), {sums} from marts."{table}"').fetchone()
            found[table] = (row[0], {c: int(h) for (c, _), h in zip(described, row[1:], strict=True)})
        return found


def marts_differences(first: Path, second: Path) -> dict[str, list[str]]:
    """{mart: the columns whose values differ} between two warehouses ('(rows)' for a row count,
    '(table)' for a mart only one of them has)."""
    a, b = _marts_columns(first), _marts_columns(second)
    differences = {}
    for table in sorted(set(a) | set(b)):
        if table not in a or table not in b:
            differences[table] = ["(table)"]
            continue
        changed = [c for c in a[table][1] if a[table][1][c] != b[table][1].get(c)]
        if a[table][0] != b[table][0]:
            changed.insert(0, "(rows)")
        if changed:
            differences[table] = changed
    return differences
