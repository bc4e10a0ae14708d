"""Tests of the demo data generator (`cwh.generate`): contract, determinism, identity realism, the
repeat-purchase economics, and that every recorded defect is really there (and no other)."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import numpy as np
import phonenumbers
import pyarrow.parquet as pq
import pytest
import yaml

from cwh.cli import main as cwh_main
from cwh.generate import ENTITY_COLUMNS, generate_dataset
from cwh.generate.contacts import CN_PHONE_FORMATS, format_phones
from cwh.generate.orders import CNY_PER_UNIT

pytestmark = pytest.mark.xdist_group("generate")

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "models" / "staging" / "raw" / "_raw__sources.yml"
PEOPLE = 1_500
SEED = 11
END = datetime(2026, 6, 30, 23, 59, 59)
CURRENCIES = set(CNY_PER_UNIT)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TIMESTAMP_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d", "%Y-%m-%d", "%Y/%m/%d")
# One regular expression per Chinese phone format, in the order of CN_PHONE_FORMATS.
CN_PHONE_PATTERNS = (
    r"^\+86 1\d{2} \d{4} \d{4}$",
    r"^1\d{10}$",
    r"^1\d{2}-\d{4}-\d{4}$",
    r"^\(0086\)1\d{10}$",
    r"^\+861\d{10}$",
    r"^86-1\d{2}-\d{4}-\d{4}$",
)


def contract_columns() -> dict[str, list[str]]:
    source = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))["sources"][0]
    return {table["name"]: [c["name"] for c in table["columns"]] for table in source["tables"]}


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


def read_dicts(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parse_timestamp(value: str) -> datetime | None:
    for pattern in TIMESTAMP_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def parse_birth_date(value: str) -> datetime | None:
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", value)
    if match:
        try:
            return datetime(*map(int, match.groups()))
        except ValueError:
            return None
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def phone_digits(value: str) -> str:
    """National digits of a phone as written (drops +86 / 0086 / 86- for Chinese mobiles)."""
    digits = re.sub(r"\D", "", value)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def is_number(value: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", value) is not None


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate_dataset(out, PEOPLE, SEED)
    return out


@pytest.fixture(scope="module")
def customer_ids(dataset: Path) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = defaultdict(set)
    for row in read_dicts(dataset / "customers.csv"):
        if row["source_customer_id"]:
            ids[row["source_system"]].add(row["source_customer_id"])
    return ids


@pytest.fixture(scope="module")
def defects(dataset: Path) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for row in read_dicts(dataset / "_truth" / "defects.csv"):
        assert row["source_file"] == f"{row['entity']}.csv"
        assert row["source_row"] not in found[row["entity"]], "a row carries more than one defect"
        found[row["entity"]][int(row["source_row"])] = row["defect_code"]
    return found


def test_contract_columns_match_the_yaml_contract(dataset: Path) -> None:
    expected = contract_columns()
    assert {entity: list(columns) for entity, columns in ENTITY_COLUMNS.items()} == expected
    for entity, columns in expected.items():
        header, rows = read_rows(dataset / f"{entity}.csv")
        assert header == columns, entity
        assert rows, f"{entity}.csv is empty"
    assert sorted(p.name for p in dataset.iterdir() if p.is_file()) == sorted(f"{e}.csv" for e in expected)


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_dataset(first, 400, 5)
    generate_dataset(second, 400, 5)
    generate_dataset(other, 400, 6)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 15
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "orders.csv").read_bytes() != (other / "orders.csv").read_bytes()


def test_parquet_holds_the_same_rows_as_csv(tmp_path: Path) -> None:
    generate_dataset(tmp_path / "csv", 300, 3)
    generate_dataset(tmp_path / "parquet", 300, 3, file_format="parquet")
    for entity in ENTITY_COLUMNS:
        header, rows = read_rows(tmp_path / "csv" / f"{entity}.csv")
        table = pq.read_table(tmp_path / "parquet" / f"{entity}.parquet")
        assert table.column_names == header
        as_text = [["" if v is None else v for v in row.values()] for row in table.to_pylist()]
        assert as_text == rows, entity


def test_about_one_point_two_records_per_person_with_intra_system_duplicates(dataset: Path) -> None:
    truth = read_dicts(dataset / "_truth" / "customer_truth.csv")
    persons = {row["person_id"] for row in truth}
    assert len(persons) > 0.97 * PEOPLE
    assert 1.12 <= len(truth) / PEOPLE <= 1.28
    per_person_system = Counter((row["person_id"], row["source_system"]) for row in truth)
    repeated = sum(count - 1 for count in per_person_system.values() if count > 1)
    assert 0.015 <= repeated / len(truth) <= 0.06
    systems_per_person = Counter(len({s for p, s in per_person_system if p == person}) for person in persons)
    assert set(systems_per_person) == {1, 2, 3}
    assert {row["source_customer_id"][:4] for row in truth if row["source_system"] == "crm"} == {"CRM-"}
    assert all(
        re.fullmatch(r"S\d{7}", row["source_customer_id"]) for row in truth if row["source_system"] == "shop"
    )
    assert all(
        re.fullmatch(r"M88\d{6}", row["source_customer_id"])
        for row in truth
        if row["source_system"] == "store"
    )


def test_every_phone_format_appears_and_variants_share_digits(dataset: Path, defects: dict) -> None:
    customers = read_dicts(dataset / "customers.csv")
    truth = {
        (r["source_system"], r["source_customer_id"]): r["person_id"]
        for r in read_dicts(dataset / "_truth" / "customer_truth.csv")
    }
    seen_formats: set[int] = set()
    numbers: dict[str, set[str]] = defaultdict(set)
    formats_of_number: dict[str, set[int]] = defaultdict(set)
    for row_number, row in enumerate(customers, start=1):
        phone = row["phone"]
        if not phone or row_number in defects["customers"]:
            continue
        kinds = [k for k, pattern in enumerate(CN_PHONE_PATTERNS) if re.fullmatch(pattern, phone)]
        seen_formats.update(kinds)
        person = truth[(row["source_system"], row["source_customer_id"])]
        numbers[person].add(phone_digits(phone))
        if kinds:
            formats_of_number[phone_digits(phone)].update(kinds)
    assert seen_formats == set(range(len(CN_PHONE_FORMATS)))
    # People have one number (a few a second one), however it is written.
    assert max(len(n) for n in numbers.values()) <= 2
    assert sum(len(n) == 1 for n in numbers.values()) > 0.9 * len(numbers)
    assert sum(len(kinds) > 1 for kinds in formats_of_number.values()) > 20


def test_one_number_in_all_formats_keeps_its_digits() -> None:
    number = np.full(6, 13_800_138_000)
    written = format_phones(number, np.arange(6), np.zeros(6, np.int64)).to_pylist()
    assert written == list(CN_PHONE_FORMATS)
    assert {phone_digits(w) for w in written} == {"13800138000"}
    foreign = format_phones(np.full(4, (1 * 10**12) + 4_155_550_134), np.zeros(4, np.int64), np.arange(4))
    assert {re.sub(r"\D", "", w).removeprefix("00") for w in foreign.to_pylist()} == {"14155550134"}


def to_e164(phone: str) -> str:
    """The number in +<country><national> form, for the formats the generator writes."""
    text = phone.replace("(0086)", "+86")
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("86-"):
        text = "+" + text
    elif not text.startswith("+"):
        text = "+86" + text
    return "+" + re.sub(r"\D", "", text)


def is_valid_phone(phone: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(to_e164(phone)))
    except phonenumbers.NumberParseException:
        return False


def test_phones_are_valid_numbers_for_their_country(dataset: Path, defects: dict) -> None:
    phones = [
        (i, r["phone"]) for i, r in enumerate(read_dicts(dataset / "customers.csv"), start=1) if r["phone"]
    ]
    invalid = [row_number for row_number, phone in phones if not is_valid_phone(phone)]
    # Exactly the injected invalid_phone rows fail.
    assert invalid == sorted(r for r, code in defects["customers"].items() if code == "invalid_phone")


def test_names_scripts_and_formats_vary_like_real_sources(dataset: Path) -> None:
    customers = read_dicts(dataset / "customers.csv")
    truth = {
        (r["source_system"], r["source_customer_id"]): r["person_id"]
        for r in read_dicts(dataset / "_truth" / "customer_truth.csv")
    }
    names = [r["full_name"] or r["family_name"] + r["given_name"] for r in customers]
    assert any(re.search(r"[張劉陳楊黃趙吳孫馬羅鄭謝許韓馮鄧蔣葉蘇盧陸萬錢嚴湯]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", r["full_name"]) for r in customers)
    shop = [r for r in customers if r["source_system"] == "shop"]
    assert sum(bool(r["given_name"]) for r in shop) > 0.6 * len(shop)
    assert all(not r["given_name"] for r in customers if r["source_system"] == "store")
    store = [r for r in customers if r["source_system"] == "store"]
    assert sum(bool(r["email"]) for r in store) < 0.15 * len(store)
    bare = [r for r in customers if not r["email"] and not r["phone"]]
    assert len(bare) > 0.03 * len(customers)
    assert all(r["birth_date"] for r in bare)
    assert {r["gender"] for r in customers} >= {"M", "F", "male", "female", "男", "女"}
    assert {r["is_member"] for r in customers} >= {"true", "false", "1", "0", "是", "否"}
    assert {r["marital_status"] for r in customers} >= {"single", "married", "未婚", "已婚"}
    # Different people with the same name in the same city (the identity layer must keep them apart).
    by_name_city: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in customers:
        key = (row["source_system"], row["source_customer_id"])
        if key in truth and row["full_name"] and row["source_system"] in ("crm", "store"):
            by_name_city[(row["full_name"], row["city"].removesuffix("市"))].add(truth[key])
    assert any(len(people) > 1 for people in by_name_city.values())


def test_birth_dates_use_all_formats_and_day_first_only_when_unambiguous(
    dataset: Path, defects: dict
) -> None:
    values = [
        r["birth_date"]
        for i, r in enumerate(read_dicts(dataset / "customers.csv"), start=1)
        if r["birth_date"] and i not in defects["customers"]
    ]
    day_first = [v for v in values if re.fullmatch(r"\d{2}/\d{2}/\d{4}", v)]
    assert day_first and all(int(v[:2]) > 12 for v in day_first)
    assert any(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", v) for v in values)
    assert any(re.fullmatch(r"\d{8}", v) for v in values)
    assert any(re.fullmatch(r"\d{4}/\d{2}/\d{2}", v) for v in values)
    years = [parse_birth_date(v).year for v in values]
    assert min(years) >= 1950 and max(years) <= 2005


def test_defects_csv_points_at_rows_that_have_the_defect(
    dataset: Path, defects: dict, customer_ids: dict
) -> None:
    assert {code for rows in defects.values() for code in rows.values()} == {
        "missing_key",
        "unparseable_date",
        "future_date",
        "negative_amount",
        "invalid_amount",
        "unknown_currency",
        "orphan_order",
        "exact_duplicate",
        "invalid_email",
        "invalid_phone",
        "zero_amount",
        "unparseable_birth_date",
    }
    for entity, rows in defects.items():
        header, data = read_rows(dataset / f"{entity}.csv")
        for row_number, code in rows.items():
            row = dict(zip(header, data[row_number - 1], strict=True))
            assert _has_defect(entity, code, row, data[: row_number - 1], customer_ids), (
                entity,
                row_number,
                code,
            )


def _has_defect(
    entity: str, code: str, row: dict[str, str], earlier: list[list[str]], customer_ids: dict[str, set[str]]
) -> bool:
    key = {
        "customers": ["source_customer_id"],
        "orders": ["order_id", "source_customer_id"],
        "order_items": ["order_id"],
        "interactions": ["interaction_id"],
        "inquiries": ["inquiry_id"],
        "surveys": ["response_id"],
        "tickets": ["ticket_id"],
        "memberships": ["membership_id"],
    }
    event_date = {
        "orders": "ordered_at",
        "interactions": "occurred_at",
        "inquiries": "received_at",
        "surveys": "responded_at",
        "tickets": "opened_at",
        "memberships": "joined_at",
    }
    if code == "exact_duplicate":
        return list(row.values()) in earlier
    if code == "missing_key":
        return any(row[column] == "" for column in key[entity])
    if code == "unparseable_date":
        return parse_timestamp(row[event_date[entity]]) is None
    if code == "future_date":
        parsed = parse_timestamp(row[event_date[entity]])
        return parsed is not None and parsed.year >= 2031
    if code == "negative_amount":
        return is_number(row["amount"]) and float(row["amount"]) < 0
    if code == "invalid_amount":
        return not is_number(row["amount"])
    if code == "zero_amount":
        return float(row["amount"]) == 0
    if code == "unknown_currency":
        return row["currency"] not in CURRENCIES
    if code == "orphan_order":
        return row["source_customer_id"] not in customer_ids[row["source_system"]]
    if code == "invalid_email":
        return EMAIL.fullmatch(row["email"]) is None
    if code == "invalid_phone":
        return not is_valid_phone(row["phone"])
    if code == "unparseable_birth_date":
        return parse_birth_date(row["birth_date"]) is None
    raise AssertionError(f"unknown code {code}")


def test_rows_not_in_defects_csv_are_clean(dataset: Path, defects: dict, customer_ids: dict) -> None:
    header, orders = read_rows(dataset / "orders.csv")
    seen: set[tuple[str, ...]] = set()
    for row_number, values in enumerate(orders, start=1):
        row = dict(zip(header, values, strict=True))
        if row_number in defects["orders"]:
            continue
        assert tuple(values) not in seen, row_number
        seen.add(tuple(values))
        assert row["order_id"] and row["source_customer_id"] in customer_ids[row["source_system"]]
        assert is_number(row["amount"]) and float(row["amount"]) > 0
        assert row["currency"] in CURRENCIES or row["currency"] == ""
        ordered = parse_timestamp(row["ordered_at"])
        assert ordered is not None and datetime(2021, 1, 1) <= ordered <= END
    for row_number, row in enumerate(read_dicts(dataset / "customers.csv"), start=1):
        if row_number in defects["customers"]:
            continue
        assert row["source_customer_id"]
        assert not row["email"] or EMAIL.fullmatch(row["email"])
        assert not row["birth_date"] or parse_birth_date(row["birth_date"])


def test_defect_rates_are_near_their_defaults(dataset: Path, defects: dict) -> None:
    _, orders = read_rows(dataset / "orders.csv")
    codes = Counter(defects["orders"].values())
    assert 0.004 <= codes["exact_duplicate"] / len(orders) <= 0.02
    assert 0.0005 <= codes["negative_amount"] / len(orders) <= 0.008
    customers = read_dicts(dataset / "customers.csv")
    with_email = sum(bool(r["email"]) for r in customers)
    assert 0.01 <= Counter(defects["customers"].values())["invalid_email"] / with_email <= 0.04


def test_no_defects_writes_a_clean_dataset_with_duplicate_people(tmp_path: Path) -> None:
    generate_dataset(tmp_path, 600, SEED, defects=False)
    header, rows = read_rows(tmp_path / "_truth" / "defects.csv")
    assert header == ["entity", "source_file", "source_row", "defect_code", "severity"] and rows == []
    for entity in ENTITY_COLUMNS:
        _, data = read_rows(tmp_path / f"{entity}.csv")
        assert len({tuple(r) for r in data}) == len(data), entity
    truth = read_dicts(tmp_path / "_truth" / "customer_truth.csv")
    assert len(truth) > len({r["person_id"] for r in truth}) * 1.1
    params = json.loads((tmp_path / "_truth" / "params.json").read_text())
    assert params["arguments"]["defects"] is False and all(r["rate"] == 0 for r in params["defect_rates"])


def test_top_fifth_of_buyers_bring_most_of_the_revenue(dataset: Path, defects: dict) -> None:
    truth = {
        (r["source_system"], r["source_customer_id"]): r["person_id"]
        for r in read_dicts(dataset / "_truth" / "customer_truth.csv")
    }
    revenue: dict[str, float] = defaultdict(float)
    orders = read_dicts(dataset / "orders.csv")
    for row_number, row in enumerate(orders, start=1):
        if row_number in defects["orders"]:
            continue
        revenue[truth[(row["source_system"], row["source_customer_id"])]] += (
            float(row["amount"]) * CNY_PER_UNIT[row["currency"] or "CNY"]
        )
    values = np.sort(np.array(list(revenue.values())))[::-1]
    top_share = values[: len(values) // 5].sum() / values.sum()
    assert 0.60 <= top_share <= 0.90
    assert 8 <= len(orders) / PEOPLE <= 12
    assert 0.75 <= len(revenue) / PEOPLE <= 0.92  # the rest are prospects who never ordered


def test_orders_option_sets_the_total(tmp_path: Path) -> None:
    generate_dataset(tmp_path / "few", 500, 2, orders=1_500, defects=False)
    _, rows = read_rows(tmp_path / "few" / "orders.csv")
    assert 1_200 <= len(rows) <= 1_800
    generate_dataset(tmp_path / "fewer", 500, 2, orders=200, defects=False)
    _, rows = read_rows(tmp_path / "fewer" / "orders.csv")
    assert 150 <= len(rows) <= 250


def test_order_statuses_and_amounts(dataset: Path, defects: dict) -> None:
    header, orders = read_rows(dataset / "orders.csv")
    status = Counter(row[header.index("status")] for row in orders)
    assert set(status) == {
        "completed",
        "COMPLETED",
        "done",
        "已完成",
        "cancelled",
        "canceled",
        "已取消",
        "returned",
        "退货",
    }
    completed = status["completed"] + status["COMPLETED"] + status["done"] + status["已完成"]
    assert 0.86 <= completed / len(orders) <= 0.94
    currencies = Counter(row[header.index("currency")] for row in orders)
    assert currencies.most_common(1)[0][0] == "CNY" and {"USD", "EUR", "JPY"} <= set(currencies)
    items = read_dicts(dataset / "order_items.csv")
    lines = Counter(row["order_id"] for row in items if row["order_id"])
    assert set(lines.values()) <= {1, 2, 3, 4, 5, 6}  # 1-3 lines, an exact duplicate order repeats them
    products = read_dicts(dataset / "products.csv")
    assert 150 <= len(products) <= 250 and len({p["category"] for p in products}) == 10
    assert all(re.search(r"[A-Z]\d{3}(-[A-Z]+)?", p["product_name"]) for p in products)


def test_inquiries_are_genuine_or_vague_as_the_truth_says(dataset: Path) -> None:
    inquiries = {r["inquiry_id"]: r for r in read_dicts(dataset / "inquiries.csv") if r["inquiry_id"]}
    truth = {
        r["inquiry_id"]: r["is_genuine"] == "true"
        for r in read_dicts(dataset / "_truth" / "inquiry_truth.csv")
    }
    assert 0.2 * PEOPLE <= len(truth) <= 0.4 * PEOPLE
    assert 0.5 <= sum(truth.values()) / len(truth) <= 0.7
    for inquiry_id, genuine in truth.items():
        row = inquiries[inquiry_id]
        if genuine:
            domain = row["email"].split("@")[1]
            assert row["product_mentioned"] and (not row["website"] or domain in row["website"])
        else:
            assert not row["website"] and row["product_mentioned"] in (
                "",
                "your products",
                "all items",
                "所有产品",
            )
    with_website = [truth[i] for i, r in inquiries.items() if i in truth and r["website"]]
    assert all(with_website) and len(with_website) > 0.9 * sum(truth.values())
    assert any(r["source_customer_id"] for r in inquiries.values())


def test_blacklist_entries_point_at_people_or_nobody(dataset: Path) -> None:
    entries = read_dicts(dataset / "blacklist.csv")
    truth = {
        r["blacklist_id"]: r["person_id"] for r in read_dicts(dataset / "_truth" / "blacklist_truth.csv")
    }
    assert len(entries) == len(truth) >= 3
    assert any(person == "" for person in truth.values()) and any(person for person in truth.values())
    assert all(
        bool(e["phone"]) + bool(e["email"]) + bool(e["full_name"] and e["birth_date"]) == 1 for e in entries
    )


def test_feedback_scores_follow_satisfaction(dataset: Path) -> None:
    surveys = read_dicts(dataset / "surveys.csv")
    nps = [int(r["score"]) for r in surveys if r["survey_type"] == "nps" and r["score"]]
    csat = [int(r["score"]) for r in surveys if r["survey_type"] == "csat" and r["score"]]
    assert min(nps) >= 0 and max(nps) <= 10 and min(csat) >= 1 and max(csat) <= 5
    tickets = read_dicts(dataset / "tickets.csv")
    assert {t["severity"] for t in tickets} == {"low", "medium", "high", "critical"}
    assert all(t["resolved_at"] for t in tickets if t["status"] in ("resolved", "closed") and t["ticket_id"])
    complaints = Counter((t["source_system"], t["source_customer_id"]) for t in tickets)
    assert max(complaints.values()) >= 3
    complained = set(complaints)
    by_complaint = defaultdict(list)
    for row in surveys:
        if row["survey_type"] == "nps" and row["score"]:
            by_complaint[(row["source_system"], row["source_customer_id"]) in complained].append(
                int(row["score"])
            )
    assert np.mean(by_complaint[True]) < np.mean(by_complaint[False])


def test_traditional_characters_match_opencc() -> None:
    opencc = pytest.importorskip("opencc")
    from cwh.generate.names import simplified_to_traditional

    converters = [opencc.OpenCC(config) for config in ("s2t", "s2hk", "s2tw")]
    surname_forms = {"于", "余", "范"}  # surnames keep their form; the generic conversion changes the word
    for simplified, traditional in simplified_to_traditional().items():
        if simplified in surname_forms:
            assert traditional == simplified
        else:
            assert traditional in {c.convert(simplified) for c in converters}, simplified


def test_cli_writes_files_and_prints_one_summary_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cwh_main(
        [
            "generate",
            "--customers",
            "200",
            "--seed",
            "4",
            "--out",
            str(tmp_path),
            "--quiet",
            "--format",
            "parquet",
            "--end-date",
            "2025-12-31",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "customers=" in out[0] and "orders=" in out[0]
    assert (tmp_path / "orders.parquet").exists() and (tmp_path / "_truth" / "params.json").exists()
    assert (
        cwh_main(
            [
                "generate",
                "--customers",
                "200",
                "--out",
                str(tmp_path),
                "--quiet",
                "--start-date",
                "2026-01-01",
                "--end-date",
                "2025-01-01",
            ]
        )
        == 2
    )
    assert "must be after" in capsys.readouterr().err
