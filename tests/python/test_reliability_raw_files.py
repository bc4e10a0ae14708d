"""Bad raw inputs, end to end through the loader (macros/raw, cwh.rawfiles) and staging.

One warehouse is built from a raw folder holding, at once, a GBK file, a semicolon file, a header-only
file, a file with an extra column, malformed quoted rows, a line that is not UTF-8, a string in a
numeric column, a byte-identical copy of a file, dates in several formats and a 100 MB text field.
Each must end up loaded correctly or as a quarantine row with a reason, and no row may go missing.
Files that cannot be loaded at all (empty, missing required column, unknown encoding or delimiter,
lines the reader skipped) must stop the build with a message naming the file and what was expected.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_quality_support import (
    CUSTOMER_COLUMNS,
    ORDER_COLUMNS,
    PROJECT_DIR,
    BuildPaths,
    make_customers,
    make_orders,
    output,
    query,
    run_dbt,
    write_csv,
)

from cwh.rawfiles import inspect_csv, inspect_raw_file

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("reliability_raw_files")]

BIG_FIELD_BYTES = 100 * 1024 * 1024
# ordered_at as delivered -> the order date staging must read (ambiguous slash dates are day first)
DATE_FORMATS = {
    "2024-03-05": dt.date(2024, 3, 5),
    "2024-03-06 13:45:00": dt.date(2024, 3, 6),
    "2024-03-07T08:00:00": dt.date(2024, 3, 7),
    "2024/03/08": dt.date(2024, 3, 8),
    "20240309": dt.date(2024, 3, 9),
    "2024年3月10日": dt.date(2024, 3, 10),
    "11/03/2024": dt.date(2024, 3, 11),
    "03/25/2024": dt.date(2024, 3, 25),
    "2024.03.12": dt.date(2024, 3, 12),
}


def _order(customer: dict[str, str], order_id: str, **values: str) -> dict[str, str]:
    row = {
        "source_system": customer["source_system"],
        "order_id": order_id,
        "source_customer_id": customer["source_customer_id"],
        "ordered_at": "2024-01-15 10:00:00",
        "amount": "100.00",
        "currency": "CNY",
        "status": "completed",
        "discount": "0.00",
        "channel": "web",
        "updated_at": "2024-01-15 12:00:00",
    }
    row.update(values)
    return row


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildPaths:
    paths = BuildPaths(tmp_path_factory.mktemp("reliability"))
    raw = paths.raw_dir
    customers = make_customers(60, seed=11)
    orders = make_orders(customers, 200, seed=11)

    # customers.csv: clean rows, two malformed lines (an unclosed quote that ends at the next quote,
    # a line with too many fields), one line that is not UTF-8, and a 100 MB member_level
    lines = [",".join(CUSTOMER_COLUMNS)]
    for i, row in enumerate(customers[:50], start=1):
        lines.append(",".join(row[c] for c in CUSTOMER_COLUMNS))
        if i == 10:
            lines.append('crm,BROKEN1,"unclosed quote' + ",x" * 14 + ',"stray')
        if i == 20:
            lines.append(",".join(["crm", "TOOMANY"] + ["x"] * 20))
    body = ("\n".join(lines) + "\n").encode()
    bad_utf8 = ",".join(["crm", "BADBYTES", "Jos\udce9"] + [""] * 14).encode("utf-8", "surrogateescape")
    big = customers[50].copy()
    big["member_level"] = "x" * BIG_FIELD_BYTES
    big_line = ",".join(big[c] for c in CUSTOMER_COLUMNS).encode()
    raw.mkdir(parents=True)
    (raw / "customers.csv").write_bytes(body + bad_utf8 + b"\n" + big_line + b"\n")

    # customers/gbk.csv: GBK-encoded, Chinese text that must arrive intact
    gbk = [
        dict(row, source_customer_id=f"GBK{i}", full_name=name)
        for i, (row, name) in enumerate(zip(customers[51:54], ["王伟", "李娜", "張偉"], strict=True))
    ]
    write_csv(raw / "customers" / "gbk.csv", CUSTOMER_COLUMNS, gbk, encoding="gbk")

    # orders/a.csv: the main file; orders/copy.csv: a byte-identical copy of it
    write_csv(raw / "orders" / "a.csv", ORDER_COLUMNS, orders[:150])
    shutil.copy(raw / "orders" / "a.csv", raw / "orders" / "copy.csv")
    # orders/header_only.csv: a header and nothing else
    write_csv(raw / "orders" / "header_only.csv", ORDER_COLUMNS, [])
    # orders/semicolon.csv: delimited by ';', with an extra column outside the contract
    write_csv(
        raw / "orders" / "semicolon.csv",
        [*ORDER_COLUMNS, "coupon_code"],
        [dict(row, coupon_code="SPRING") for row in orders[150:160]],
        delimiter=";",
    )
    # orders/defects.csv: strings in the amount, dates in several formats, one impossible date
    customer = customers[0]
    defects = [_order(customer, "AMT1", amount="abc"), _order(customer, "AMT2", amount="12,3x")]
    defects += [_order(customer, f"DATE{i}", ordered_at=text) for i, text in enumerate(DATE_FORMATS)]
    defects.append(_order(customer, "BADDATE", ordered_at="2024-13-45"))
    write_csv(raw / "orders" / "defects.csv", ORDER_COLUMNS, defects)

    result = run_dbt(
        paths,
        "build",
        "--resource-type",
        "model",
        "--resource-type",
        "seed",
        "--select",
        "path:models/staging",
        "path:models/audit/quarantine",
        "path:seeds",
    )
    paths.log = output(result)  # type: ignore[attr-defined]
    assert result.returncode == 0, paths.log[-4000:]
    assert "Traceback" not in paths.log
    return paths


def _quarantine(paths: BuildPaths, entity: str) -> list[tuple]:
    return query(
        paths.warehouse,
        f"select _source_file, _source_row, reject_reason, raw_line from audit.quarantine_{entity}",
    )


def test_gbk_file_loads_with_its_chinese_text(built: BuildPaths) -> None:
    names = query(
        built.warehouse,
        "select source_customer_id, full_name from raw.customers where _source_file = 'gbk.csv' order by 1",
    )
    assert names == [("GBK0", "王伟"), ("GBK1", "李娜"), ("GBK2", "張偉")]
    encoding = query(built.warehouse, "select encoding from raw._load_files where file_name = 'gbk.csv'")
    assert encoding == [("gb18030",)]


def test_semicolon_file_with_an_extra_column_loads_and_the_column_is_named(built: BuildPaths) -> None:
    rows = query(
        built.warehouse,
        "select count(*), count(distinct order_id), min(amount) is not null "
        "from raw.orders where _source_file = 'semicolon.csv'",
    )
    assert rows == [(10, 10, True)]
    assert query(
        built.warehouse, "select delimiter from raw._load_files where file_name = 'semicolon.csv'"
    ) == [(";",)]
    assert "semicolon.csv: ignoring column(s) outside the contract: coupon_code" in built.log


def test_header_only_file_loads_nothing_and_says_so(built: BuildPaths) -> None:
    assert query(
        built.warehouse,
        "select data_lines, loaded_rows from raw._load_files where file_name = 'header_only.csv'",
    ) == [(0, 0)]
    assert "header_only.csv: has a header but no data rows" in built.log


def test_malformed_lines_are_quarantined_with_line_and_reason(built: BuildPaths) -> None:
    rejected = query(
        built.warehouse,
        "select _source_row, error_type, error_message, raw_line, reject_reason "
        "from raw._rejected_rows where entity = 'customers' and reject_reason = 'malformed_row' order by 1",
    )
    by_row = {row[0]: row for row in rejected}
    # data rows: 10 clean, the unclosed quote is row 11; 10 more clean, the long line is row 22
    assert set(by_row) == {11, 22, 53}
    assert "unclosed quote" in by_row[11][3] and "line 12" in by_row[11][2]
    assert by_row[22][1] == "TOO MANY COLUMNS" and "TOOMANY" in by_row[22][3]
    assert by_row[53][1] == "INVALID ENCODING"
    quarantined = {(f, r): reason for f, r, reason, _ in _quarantine(built, "customers")}
    assert all(quarantined[("customers.csv", row)] == "malformed_row" for row in (11, 22, 53))
    # the rows after a malformed line keep their own row numbers
    assert query(
        built.warehouse,
        "select source_customer_id from raw.customers "
        "where _source_file = 'customers.csv' and _source_row in (12, 23) order by _source_row",
    ) == [("S00011",), ("C00021",)]


def test_100mb_field_is_read_and_its_row_set_aside_whole(built: BuildPaths) -> None:
    rows = query(
        built.warehouse,
        "select _source_row, reject_reason, strlen(raw_line), error_message "
        "from raw._rejected_rows where reject_reason = 'field_too_long'",
    )
    assert len(rows) == 1
    row, reason, length, message = rows[0]
    assert (row, reason) == (54, "field_too_long")
    assert length > BIG_FIELD_BYTES
    assert f"a field has {BIG_FIELD_BYTES} bytes" in message
    quarantined = {(f, r) for f, r, _, _ in _quarantine(built, "customers")}
    assert ("customers.csv", 54) in quarantined
    assert query(built.warehouse, "select max(strlen(member_level)) < 1000 from raw.customers") == [(True,)]


def test_string_in_numeric_column_is_quarantined_as_invalid_amount(built: BuildPaths) -> None:
    rows = query(
        built.warehouse,
        "select source_system || '|' || order_id, reject_reason from audit.quarantine_orders "
        "where order_id like 'AMT%' order by 1",
    )
    assert [reason for _, reason in rows] == ["invalid_amount", "invalid_amount"]


def test_dates_in_several_formats_are_read_and_impossible_ones_quarantined(built: BuildPaths) -> None:
    rows = dict(
        query(
            built.warehouse,
            "select order_id, order_date from staging.stg_raw__orders where order_id like 'DATE%'",
        )
    )
    expected = {f"DATE{i}": date for i, date in enumerate(DATE_FORMATS.values())}
    assert rows == expected
    assert query(
        built.warehouse, "select reject_reason from audit.quarantine_orders where order_id = 'BADDATE'"
    ) == [("unparseable_date",)]


def test_duplicate_file_is_reported_and_its_rows_quarantined(built: BuildPaths) -> None:
    assert "copy.csv: identical to" in built.log and "a.csv" in built.log
    reasons = query(
        built.warehouse,
        "select reject_reason, count(*) from audit.quarantine_orders "
        "where _source_file = 'copy.csv' group by 1",
    )
    assert reasons == [("exact_duplicate", 150)]
    assert query(
        built.warehouse, "select count(*) from staging.stg_raw__orders where _source_file = 'copy.csv'"
    ) == [(0,)]


@pytest.mark.parametrize("entity", ["customers", "orders"])
def test_no_row_is_lost_between_raw_staging_and_quarantine(built: BuildPaths, entity: str) -> None:
    files = query(
        built.warehouse,
        "select sum(loaded_rows + malformed_rows + too_long_rows) from raw._load_files where entity = ?",
        [entity],
    )[0][0]
    lines = (
        query(built.warehouse, f"select count(*) from raw.{entity}")[0][0]
        + query(built.warehouse, "select count(*) from raw._rejected_rows where entity = ?", [entity])[0][0]
    )
    out = query(
        built.warehouse,
        f"select (select count(*) from staging.stg_raw__{entity}) "
        f"+ (select count(*) from audit.quarantine_{entity})",
    )[0][0]
    assert files == lines == out
    expected = {"customers": 50 + 3 + 1 + 3, "orders": 150 + 150 + 10 + 2 + len(DATE_FORMATS) + 1}[entity]
    assert lines == expected


# ------------------------------------------------------------------------------ files that stop the build


# one dbt process loads the raw folder once per bad file (dbt's start-up is the slow part)
_LOAD_EACH = """
import json, shutil, sys
from pathlib import Path
from dbt.cli.main import dbtRunner
cases, orders, target, logs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
results = {}
for case in sorted(cases.iterdir()):
    part = orders / case.name
    shutil.copy(case, part)
    messages = []
    # what dbt prints on the console (debug events carry dbt's own tracebacks, for its log file)
    runner = dbtRunner(callbacks=[
        lambda event: event.info.level != "debug" and messages.append(str(event.info.msg))])
    result = runner.invoke(["run-operation", "load_raw_files", "--target-path", target, "--log-path", logs])
    part.unlink()
    results[case.name] = {"success": result.success, "exception": repr(result.exception),
                          "text": " ".join(messages).replace("\\n", " ")}
print("RESULTS" + json.dumps(results))
"""

MULTILINE_RECORD = (
    ",".join(ORDER_COLUMNS)
    + '\ncrm,1,C1,2024-01-01,5,CNY,"'
    + "\n".join(["q" * 1_900_000] * 20)
    + ('",0,web,2024-01-01\ncrm,2,C1,2024-01-01,5,CNY,done,0,web,2024-01-01\n')
)
STOPPERS = {
    "empty.csv": (b"", "empty.csv: is empty (0 bytes); expected a header row naming the columns"),
    "no_amount.csv": (
        b"source_system,order_id,source_customer_id,ordered_at\ncrm,1,C1,2024-01-01\n",
        "no_amount.csv: required column(s) missing: amount. Entity 'orders' needs at least: "
        "source_system, order_id, source_customer_id, ordered_at, amount. Found: source_system, order_id, "
        "source_customer_id, ordered_at.",
    ),
    "hash.csv": (
        b"source_system#order_id#source_customer_id#ordered_at#amount\ncrm#1#C1#2024-01-01#5\n",
        "The header was read as one column: is the file delimited by something other than comma, semicolon, "
        "tab or |?",
    ),
    # a quoted field of 20 lines of 1.9 MB each: a record longer than the reader's buffer
    "multiline.csv": (MULTILINE_RECORD.encode(), "multiline.csv: the CSV reader accounted for"),
}


@pytest.fixture(scope="module")
def stopped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    paths = BuildPaths(tmp_path_factory.mktemp("stopper"))
    customers = make_customers(20, seed=3)
    write_csv(paths.raw_dir / "customers.csv", CUSTOMER_COLUMNS, customers)
    write_csv(paths.raw_dir / "orders.csv", ORDER_COLUMNS, make_orders(customers, 40, seed=3))
    (paths.raw_dir / "orders").mkdir()
    paths.warehouse.parent.mkdir(parents=True)
    cases = paths.root / "cases"
    cases.mkdir()
    for name, (content, _) in STOPPERS.items():
        (cases / name).write_bytes(content)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _LOAD_EACH,
            str(cases),
            str(paths.raw_dir / "orders"),
            str(paths.target),
            str(paths.root / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=paths.env(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert "RESULTS" in result.stdout, output(result)[-3000:]
    return json.loads(result.stdout.split("RESULTS", 1)[1])


@pytest.mark.parametrize("name", sorted(STOPPERS))
def test_unreadable_file_stops_the_build_naming_file_and_expectation(
    stopped: dict[str, dict], name: str
) -> None:
    outcome = stopped[name]
    assert outcome["success"] is False
    assert outcome["exception"] == "None"
    assert STOPPERS[name][1] in outcome["text"]
    assert "Traceback" not in outcome["text"]


def test_lines_the_reader_cannot_account_for_name_the_counts(stopped: dict[str, dict]) -> None:
    text = stopped["multiline.csv"]["text"]
    assert "of its 21 non-blank data lines (1 rows loaded, 13 rejected)" in text
    assert "Expected every line to be loaded or rejected" in text


# ------------------------------------------------------------------------------ the inspector on its own


def test_inspector_reads_utf16_with_bom_and_sizes_long_lines(tmp_path: Path) -> None:
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("source_system,full_name\ncrm,王伟\n".encode("utf-16"))
    info = inspect_csv(str(utf16), str(tmp_path / "cache"))
    assert (info["error"], info["encoding"], info["columns"]) == (
        None,
        "utf-16",
        ["source_system", "full_name"],
    )
    assert Path(info["path"]).read_text(encoding="utf-8") == "source_system,full_name\ncrm,王伟\n"

    long = tmp_path / "long.csv"
    long.write_text("id,text\n1," + "y" * 5_000_000 + "\n\n2,b\n")
    info = inspect_csv(str(long), str(tmp_path / "cache"))
    assert info["longest_line"] == 5_000_002
    assert info["max_line_size"] > 5_000_002 and info["buffer_size"] > info["max_line_size"]
    assert (info["data_lines"], info["blank_lines"]) == (3, 1)


def test_inspector_names_undecodable_binary_and_damaged_parquet_files(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("source_system,order_id\ncrm,1\ncrm,Jos\u00e9\n".encode("latin-1"))
    assert inspect_raw_file(str(latin1), str(tmp_path))["error"].endswith(
        "latin1.csv: is neither UTF-8 nor GB18030 text (bytes it cannot decode on line 3); "
        "save it as UTF-8 CSV"
    )
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id,name\n1,a\x00b\n")
    assert inspect_raw_file(str(binary), str(tmp_path))["error"].endswith(
        "binary.csv: contains binary data (a NUL byte on line 2); expected a text CSV file in UTF-8 "
        "(or UTF-16 with a byte-order mark, or GBK)"
    )
    parquet = tmp_path / "broken.parquet"
    parquet.write_bytes(b"PAR1 not really")
    assert (
        "broken.parquet: is not a readable Parquet file"
        in inspect_raw_file(str(parquet), str(tmp_path))["error"]
    )
