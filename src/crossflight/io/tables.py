"""Tables as CSV and Parquet (pyarrow), written atomically.

A table is a list of flat records (``dict`` of str/int/float/bool/None or aware datetimes);
every record has the same keys.  Datetimes become Parquet ``timestamp[ms, tz=UTC]`` and ISO
8601 text in CSV.  An empty table keeps its column names when ``columns`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from crossflight.io.files import atomic_path

__all__ = ["arrow_table", "write_csv", "write_parquet", "write_table_columns"]


def arrow_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> pa.Table:
    """The records as one Arrow table (column types inferred; datetimes in ms, UTC)."""
    if not rows:
        return pa.table({c: pa.array([], type=pa.string()) for c in columns})
    table = pa.Table.from_pylist([dict(r) for r in rows])
    fields = []
    for f in table.schema:
        if pa.types.is_timestamp(f.type):
            fields.append(pa.field(f.name, pa.timestamp("ms", tz="UTC")))
        else:
            fields.append(f)
    return table.cast(pa.schema(fields), safe=False)  # sub-millisecond digits are dropped


def write_parquet(
    path: str | Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()
) -> Path:
    """Write the records as a Parquet file atomically."""
    table = arrow_table(rows, columns)
    with atomic_path(path, field="parquet") as tmp:
        pq.write_table(table, str(tmp))
    return Path(path)


def write_csv(
    path: str | Path, rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()
) -> Path:
    """Write the records as CSV (header row, ISO 8601 UTC times) atomically."""
    table = arrow_table(rows, columns)
    with atomic_path(path, field="csv") as tmp:
        pa_csv.write_csv(table, str(tmp))
    return Path(path)


def write_table_columns(path: str | Path, columns: Mapping[str, Any]) -> Path:
    """Write named equal-length columns (NumPy arrays or lists) as Parquet (``.parquet``) or
    CSV (``.csv``) atomically, without building one record per row."""
    target = Path(path)
    table = pa.table({k: pa.array(v) for k, v in columns.items()})
    with atomic_path(target, field=target.suffix.lstrip(".")) as tmp:
        if target.suffix == ".csv":
            pa_csv.write_csv(table, str(tmp))
        else:
            pq.write_table(table, str(tmp))
    return target
