"""The cleaning functions over Arrow arrays: what both engines register as UDFs.

DuckDB (cwh.dbt_plugin) and Spark (cwh.spark.session) hand a UDF one Arrow array per batch. Each
function maps every distinct value once (cleaning inputs repeat a lot: statuses, currencies, common
names) and builds the result array, so no Python runs per row and both engines give the same values.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from cwh.cleaning.phones import to_e164


def vectorise(func: Callable[[str], str | None]) -> Callable[[pa.Array], pa.Array]:
    """`func` of one text value, applied to an Arrow array (nulls stay null)."""

    def apply(values: pa.Array) -> pa.Array:
        values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        distinct = pc.unique(values)
        mapped = pa.array([None if v is None else func(v) for v in distinct.to_pylist()], type=pa.string())
        return pc.take(mapped, pc.index_in(values, value_set=distinct))

    return apply


def phone_e164_arrow(values: pa.Array, regions: pa.Array) -> pa.Array:
    """E.164 form of each phone number, read with the region beside it (default CN)."""
    regions_list = regions.to_pylist()
    region = regions_list[0] if regions_list else "CN"
    if len(set(regions_list)) > 1:
        # different regions per row: rare, so the simple per-pair path is fine
        return pa.array(
            [
                None if v is None else to_e164(v, r or "CN")
                for v, r in zip(values.to_pylist(), regions_list, strict=True)
            ],
            type=pa.string(),
        )
    return vectorise(lambda v: to_e164(v, region or "CN"))(values)
