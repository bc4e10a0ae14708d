"""Streaming writer for the raw entity files (`<entity>.csv` or `<entity>.parquet`, all columns as text)
that also remembers where each defective row landed (1-based data row, header not counted)."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cwh.generate.contract import ENTITIES, ENTITY_COLUMNS
from cwh.generate.defects import CLEAN, CODES, SEVERITY

FORMATS = ("csv", "parquet")
CSV_OPTIONS = pacsv.WriteOptions(include_header=True, batch_size=65_536, quoting_style="needed")


def schema_of(entity: str) -> pa.Schema:
    return pa.schema([pa.field(name, pa.string()) for name in ENTITY_COLUMNS[entity]])


class DatasetWriter:
    """Writes the tables of each entity in order, one file per entity, and collects the defect rows."""

    def __init__(self, out_dir: Path, file_format: str) -> None:
        if file_format not in FORMATS:
            raise ValueError(f"unknown format {file_format!r}: use one of {', '.join(FORMATS)}")
        self.out_dir = out_dir
        self.file_format = file_format
        self.rows: dict[str, int] = {entity: 0 for entity in ENTITIES}
        self._writers: dict[str, pacsv.CSVWriter | pq.ParquetWriter] = {}
        self._defects: list[tuple[int, np.ndarray, np.ndarray]] = []
        out_dir.mkdir(parents=True, exist_ok=True)
        for entity in ENTITIES:  # a stale file in the other format would be loaded too
            for extension in FORMATS:
                (out_dir / f"{entity}.{extension}").unlink(missing_ok=True)

    def file_name(self, entity: str) -> str:
        return f"{entity}.{self.file_format}"

    def write(self, entity: str, table: pa.Table, codes: np.ndarray | None = None) -> None:
        """Append `table` to the entity's file; `codes` holds a defect code index per row (CLEAN = -1)."""
        if tuple(table.column_names) != ENTITY_COLUMNS[entity]:
            raise ValueError(f"{entity}: columns {table.column_names} differ from the contract")
        table = table.cast(schema_of(entity))
        if codes is not None:
            damaged = np.flatnonzero(codes != CLEAN)
            if damaged.size:
                self._defects.append(
                    (ENTITIES.index(entity), self.rows[entity] + damaged + 1, codes[damaged])
                )
        self._writer(entity).write_table(table)
        self.rows[entity] += table.num_rows

    def _writer(self, entity: str) -> pacsv.CSVWriter | pq.ParquetWriter:
        if entity not in self._writers:
            path = str(self.out_dir / self.file_name(entity))
            if self.file_format == "csv":
                self._writers[entity] = pacsv.CSVWriter(path, schema_of(entity), write_options=CSV_OPTIONS)
            else:
                self._writers[entity] = pq.ParquetWriter(path, schema_of(entity), compression="zstd")
        return self._writers[entity]

    def close(self) -> None:
        for entity in ENTITIES:  # entities without rows still get a file with the header
            self._writer(entity)
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def defects_table(self) -> pa.Table:
        """entity, source_file, source_row, defect_code, severity — ordered by entity, then row."""
        if self._defects:
            entity = np.concatenate([np.full(rows.size, e) for e, rows, _ in self._defects])
            row = np.concatenate([rows for _, rows, _ in self._defects])
            code = np.concatenate([codes for _, _, codes in self._defects]).astype(np.int64)
        else:
            entity = row = code = np.empty(0, dtype=np.int64)
        order = np.lexsort((row, entity))
        entity, row, code = entity[order], row[order], code[order]
        entities = pa.array(ENTITIES)
        return pa.table(
            {
                "entity": entities.take(pa.array(entity)),
                "source_file": pa.array([self.file_name(e) for e in ENTITIES]).take(pa.array(entity)),
                "source_row": pa.array(row, type=pa.int64()),
                "defect_code": pa.array(CODES).take(pa.array(code)),
                "severity": pa.array([SEVERITY[c] for c in CODES]).take(pa.array(code)),
            }
        )
