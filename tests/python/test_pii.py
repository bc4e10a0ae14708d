"""Marts meant for BI expose no raw e-mail, phone or address; the raw values stay in schema restricted.

The shared test warehouse is built from data whose e-mails, phones and street addresses are known
(customers, inquiries, a blacklist entry). Every text column of every table and view in schema marts
is searched for those exact values and for the patterns of an e-mail address, a mainland mobile
number and a street address with a house number. Masked forms (u***@example.com, 138****0001) and
SHA-256 hashes do not match.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from test_quality_support import SharedBuild, output, shared_build

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dq_warehouse")]

EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# not inside a longer run of letters and digits (a hash or a hex fingerprint)
MOBILE = r"(^|[^0-9A-Za-z])(\+?86[ -]?)?1[3-9][0-9]{9}([^0-9A-Za-z]|$)"
STREET = r"(路|街|道|巷|弄|大道)[0-9]+号"
TEXT_TYPES = ("VARCHAR", "JSON")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    shared = shared_build(tmp_path_factory.getbasetemp())
    assert shared.result.returncode == 0, output(shared.result)[-5000:]
    return shared


def _text_columns(con: duckdb.DuckDBPyConnection, schema: str) -> list[tuple[str, str]]:
    return con.execute(
        "select table_name, column_name from duckdb_columns() where database_name = current_database() "
        "and schema_name = ? and (data_type in ('VARCHAR', 'JSON') or data_type like '%VARCHAR[]%') "
        "order by 1, 2",
        [schema],
    ).fetchall()


def _hits(con: duckdb.DuckDBPyConnection, table: str, column: str) -> dict[str, list[str]]:
    """Values of marts.<table>.<column> holding PII, by kind (a list column is searched per element)."""
    value = f'cast("{column}" as varchar)'
    found = {}
    for kind, pattern in (("e-mail", EMAIL), ("mobile", MOBILE), ("street address", STREET)):
        rows = con.execute(
            f'select distinct {value} from marts."{table}" where regexp_matches({value}, ?) limit 3',
            [pattern],
        ).fetchall()
        if rows:
            found[kind] = [r[0] for r in rows]
    return found


def test_marts_exist_to_be_checked(built: SharedBuild) -> None:
    with duckdb.connect(str(built.paths.warehouse), read_only=True) as con:
        assert len(_text_columns(con, "marts")) > 20


def test_no_mart_column_holds_an_email_phone_or_address(built: SharedBuild) -> None:
    leaks = {}
    with duckdb.connect(str(built.paths.warehouse), read_only=True) as con:
        for table, column in _text_columns(con, "marts"):
            hits = _hits(con, table, column)
            if hits:
                leaks[f"marts.{table}.{column}"] = hits
    assert leaks == {}, f"PII in marts (mask or hash it, keep the raw value in schema restricted): {leaks}"


def test_no_known_raw_value_reaches_the_marts(built: SharedBuild) -> None:
    known = {
        "e-mail": sorted(built.data.emails),
        "phone": sorted(built.data.phones),
        "address": sorted(built.data.addresses),
    }
    assert all(known.values())
    leaks = []
    with duckdb.connect(str(built.paths.warehouse), read_only=True) as con:
        con.execute(
            "create temp table known_pii as select unnest(?::varchar[]) as pii", [sum(known.values(), [])]
        )
        for table, column in _text_columns(con, "marts"):
            value = f'cast("{column}" as varchar)'
            rows = con.execute(
                f'select distinct known_pii.pii from marts."{table}" inner join known_pii '
                f"on contains(lower({value}), lower(known_pii.pii)) limit 3"
            ).fetchall()
            if rows:
                leaks.append((f"marts.{table}.{column}", [r[0] for r in rows]))
    assert leaks == []


def test_masked_and_hashed_forms_are_not_reported_as_pii() -> None:
    for masked in (
        "u***@example.com",
        "138****0001",
        "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
    ):
        assert not any(re.search(p, masked) for p in (EMAIL, MOBILE, STREET)), masked
    for raw in ("user00001.7@example.com", "13800000001", "+86 13800000001", "广州市中山路12号"):
        assert any(re.search(p, raw) for p in (EMAIL, MOBILE, STREET)), raw


def test_raw_contact_details_stay_in_the_restricted_schema(built: SharedBuild) -> None:
    with duckdb.connect(str(built.paths.warehouse), read_only=True) as con:
        columns = _text_columns(con, "restricted")
        assert columns, "schema restricted holds no table: the raw PII has nowhere to live"
        union = " union all ".join(
            f'select cast("{column}" as varchar) as value from restricted."{table}"'
            for table, column in columns
        )
        held = {
            row[0]
            for row in con.execute(f"select distinct value from ({union}) where value is not null").fetchall()
        }
    customer_emails = {c["email"].lower() for c in built.data.customers}
    assert customer_emails <= {value.lower() for value in held}
