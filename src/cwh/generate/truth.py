"""Ground truth written beside the raw files in `_truth/` (the warehouse loader ignores it): which person
each customer record belongs to, where every defect was injected, which inquiries are genuine, who is
behind each blacklist entry, and the parameters of the run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

TRUTH_DIR = "_truth"
_CSV = pacsv.WriteOptions(include_header=True, quoting_style="needed")


def customer_truth(
    system: pa.Array, source_id: pa.Array, person_id: pa.Array, keyless: np.ndarray
) -> pa.Table:
    """source_system, source_customer_id, person_id for every record that kept its key (one row per key)."""
    keep = pa.array(~keyless)
    return pa.table(
        {
            "source_system": pc.filter(system, keep),
            "source_customer_id": pc.filter(source_id, keep),
            "person_id": pc.filter(person_id, keep),
        }
    )


def keyed_truth(table: pa.Table, key: str, dropped_keys: pa.Array) -> pa.Table:
    """Rows of a truth table whose key still exists in the raw file (its key was not blanked)."""
    return table.filter(pc.invert(pc.is_in(table.column(key), value_set=dropped_keys)))


def write_truth(out_dir: Path, tables: dict[str, pa.Table], params: dict[str, Any]) -> Path:
    truth_dir = out_dir / TRUTH_DIR
    truth_dir.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pacsv.write_csv(table, truth_dir / name, write_options=_CSV)
    (truth_dir / "params.json").write_text(
        json.dumps(params, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return truth_dir
