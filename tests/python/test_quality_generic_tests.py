# ruff: noqa: E501 - the embedded dbt YAML reads best one test per line
"""The project's generic data tests (macros/tests) on seeds whose right answers are known.

A throw-away dbt project holds copies of macros/tests/*.sql (and the macros they call: build_timestamp,
unnest_list), a few small seeds and one test instance per rule edge; `dbt build` runs them and each
test's status and number of failing rows is compared with what the rule must give. The project is named
like the real one because the cross-engine macros dispatch in its namespace.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_quality_support import PROJECT_DIR, output

pytestmark = pytest.mark.xdist_group("quality_generic_tests")

SEEDS = {
    "scores": "id,score\n1,-5\n2,0\n3,50\n4,100\n5,120\n6,\n",
    "segments": "id,segment\n" + "".join(f"{i},{s}\n" for i, s in enumerate("aaaaaabbbc", start=1)),
    "events": "id,happened_at\n1,2024-01-01 08:00:00\n2,2024-01-09 12:00:00\n",
    "age_bands_ok": "band,min_age,max_age\na,0,17\nb,18,24\nc,25,34\n",
    # 18-25 overlaps 25-34; 35 is missing before 36-44
    "age_bands_bad": "band,min_age,max_age\na,0,17\nb,18,25\nc,25,34\nd,36,44\ne,50,45\n",
    "income_bands": "band,low,high\nx,0,5000\ny,5000,10000\nz,10000,20000\n",
    "survey_bands": "survey_type,band,low,high\nnps,d,0,6\nnps,p,7,8\nnps,pr,9,10\ncsat,d,1,2\ncsat,s,4,5\n",
    "flag_codes": "code,kind\na,soft\nb,soft\nc,hard\n",
}

# list column for list_values_in: c is a hard code, x no code at all; a NULL element, an empty and a
# NULL list are not checked
MODELS = {
    # joined with '/', rows 1 and 2 would look alike; (x, y) three times; rows with a NULL not compared
    "keyed_rows": """
        select 'a/b' as part_a, 'c' as part_b
        union all select 'a', 'b/c'
        union all select 'x', 'y'
        union all select 'x', 'y'
        union all select 'x', 'y'
        union all select null, 'z'
        union all select null, 'z'
    """,
    "flagged_rows": """
        select 1 as id, ['a', 'b'] as flags
        union all select 2, ['a', 'c']
        union all select 3, ['x', null]
        union all select 4, cast([] as varchar[])
        union all select 5, cast(null as varchar[])
    """,
}

MODELS_SCHEMA = """
version: 2
models:
  - name: keyed_rows
    data_tests:
      - unique_combination: {name: combination_both, arguments: {columns: [part_a, part_b]}}
      - unique_combination: {name: combination_one, arguments: {columns: [part_b]}}
      - unique_combination: {name: combination_where, arguments: {columns: [part_a, part_b]}, config: {where: "part_a <> 'x'"}}
  - name: flagged_rows
    data_tests:
      - list_values_in: {name: list_values_soft, arguments: {column_name: flags, to: ref('flag_codes'), field: code, to_where: "kind = 'soft'"}}
      - list_values_in: {name: list_values_any, arguments: {column_name: flags, to: ref('flag_codes'), field: code}}
      - list_values_in:
          name: list_values_where
          arguments: {column_name: flags, to: ref('flag_codes'), field: code, to_where: "kind = 'soft'"}
          config: {where: "id in (1, 4, 5)"}
"""

SCHEMA = """
version: 2
seeds:
  - name: scores
    columns:
      - name: score
        data_tests:
          - accepted_range: {name: range_0_100, arguments: {min_value: 0, max_value: 100}}
          - accepted_range: {name: range_0_100_exclusive, arguments: {min_value: 0, max_value: 100, inclusive: false}}
          - accepted_range: {name: range_min_only, arguments: {min_value: 0}}
          - accepted_range: {name: range_with_where, arguments: {max_value: 100, where: "id < 5"}}
          - accepted_range:
              name: range_graded
              arguments: {min_value: 0, max_value: 100}
              config: {severity: error, warn_if: ">0", error_if: ">2"}
  - name: segments
    columns:
      - name: segment
        data_tests:
          - value_proportion_within_bounds: {name: share_max_half, arguments: {max_share: 0.5}}
          - value_proportion_within_bounds: {name: share_all_within, arguments: {min_share: 0.1, max_share: 0.6}}
          - value_proportion_within_bounds:
              name: share_listed_values
              arguments: {values: [a, b, d], min_share: 0.05}
          - value_proportion_within_bounds:
              name: share_where
              arguments: {max_share: 0.5, where: "segment != 'a'"}
  - name: events
    columns:
      - name: happened_at
        data_tests:
          - recency: {name: recent_enough, arguments: {interval: 2, reference: "timestamp '2024-01-10 00:00:00'"}}
          - recency: {name: too_old, arguments: {interval: 2, reference: "timestamp '2024-01-20 00:00:00'"}}
          - recency: {name: recency_hours, arguments: {datepart: hour, interval: 6, reference: "timestamp '2024-01-10 00:00:00'"}}
          - recency: {name: recency_no_rows, arguments: {interval: 2, where: "id > 9"}}
  - name: age_bands_ok
    data_tests:
      - mutually_exclusive_ranges:
          name: ranges_closed_ok
          arguments: {lower_bound_column: min_age, upper_bound_column: max_age, step: 1}
  - name: age_bands_bad
    data_tests:
      - mutually_exclusive_ranges:
          name: ranges_closed_bad
          arguments: {lower_bound_column: min_age, upper_bound_column: max_age, step: 1}
      - mutually_exclusive_ranges:
          name: ranges_gaps_allowed
          arguments: {lower_bound_column: min_age, upper_bound_column: max_age, step: 1, gaps: allowed}
  - name: income_bands
    data_tests:
      - mutually_exclusive_ranges:
          name: ranges_half_open_ok
          arguments: {lower_bound_column: low, upper_bound_column: high}
      - mutually_exclusive_ranges:
          name: ranges_gaps_required
          arguments: {lower_bound_column: low, upper_bound_column: high, gaps: required}
  - name: survey_bands
    data_tests:
      - mutually_exclusive_ranges:
          name: ranges_partitioned
          arguments: {lower_bound_column: low, upper_bound_column: high, partition_by: survey_type, step: 1}
"""

# test name -> (status, failing rows)
EXPECTED = {
    "range_0_100": ("fail", 2),
    "range_0_100_exclusive": ("fail", 4),
    "range_min_only": ("fail", 1),
    "range_with_where": ("pass", 0),
    "range_graded": ("warn", 2),
    "share_max_half": ("fail", 1),
    "share_all_within": ("pass", 0),
    "share_listed_values": ("fail", 1),
    "share_where": ("fail", 1),
    "recent_enough": ("pass", 0),
    "too_old": ("fail", 1),
    "recency_hours": ("fail", 1),
    "recency_no_rows": ("fail", 1),
    "ranges_closed_ok": ("pass", 0),
    "ranges_closed_bad": ("fail", 4),  # b overlaps c, gaps after c and d, e is upside down
    "ranges_gaps_allowed": ("fail", 2),
    "ranges_half_open_ok": ("pass", 0),
    "ranges_gaps_required": ("fail", 2),
    "ranges_partitioned": ("fail", 1),
    "combination_both": ("fail", 1),  # (x, y); not a/b + c against a + b/c
    "combination_one": ("fail", 2),  # y and z: the NULL part_a of the z rows is not in this key
    "combination_where": ("pass", 0),
    "list_values_soft": ("fail", 2),  # c (hard) in row 2, x in row 3
    "list_values_any": ("fail", 1),  # x
    "list_values_where": ("pass", 0),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, int]]:
    root = tmp_path_factory.mktemp("generic_tests")
    (root / "macros").mkdir()
    for macro in (PROJECT_DIR / "macros" / "tests").glob("*.sql"):
        shutil.copy(macro, root / "macros")
    shutil.copy(PROJECT_DIR / "macros" / "staging" / "build_timestamp.sql", root / "macros")
    shutil.copy(PROJECT_DIR / "macros" / "cross_engine" / "unnest_list.sql", root / "macros")
    (root / "seeds").mkdir()
    for name, text in SEEDS.items():
        (root / "seeds" / f"{name}.csv").write_text(text)
    (root / "seeds" / "_seeds.yml").write_text(SCHEMA)
    (root / "models").mkdir()
    for name, sql in MODELS.items():
        (root / "models" / f"{name}.sql").write_text(sql)
    (root / "models" / "_models.yml").write_text(MODELS_SCHEMA)
    (root / "dbt_project.yml").write_text(
        "name: customer_warehouse\nversion: '1.0'\nconfig-version: 2\nprofile: generic_tests\n"
        "seeds:\n  customer_warehouse:\n    +column_types: {happened_at: timestamp}\n"
    )
    (root / "profiles.yml").write_text(
        f"generic_tests:\n  target: dev\n  outputs:\n    dev: {{type: duckdb, path: '{root / 'tests.duckdb'}'}}\n"
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "build",
            "--profiles-dir",
            str(root),
            "--project-dir",
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=root,
    )
    run_results = root / "target" / "run_results.json"
    assert run_results.exists(), output(result)[-3000:]
    found = {}
    for node in json.loads(run_results.read_text())["results"]:
        if node["unique_id"].startswith("test."):
            found[node["unique_id"].split(".")[2]] = (node["status"], node["failures"] or 0)
        else:
            assert node["status"] == "success", output(result)[-3000:]
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_generic_test_flags_exactly_the_rows_its_rule_rejects(
    results: dict[str, tuple[str, int]], name: str
) -> None:
    assert results[name] == EXPECTED[name]
