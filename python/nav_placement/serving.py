"""Read the serving copy: read-only, one short-lived connection per query, small cells hidden."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from nav_placement import paths as paths_module

# Cells counting fewer persons than this are never shown (ARCHITECTURE.md, Privacy).
MIN_CELL_COUNT = 5


def serving_path() -> Path:
    return paths_module.current().serving_db


def query(sql: str, params: list | None = None, database: Path | None = None) -> pd.DataFrame:
    """Run one query on the serving copy and close the connection at once, so a publish
    (which replaces the file) is never blocked by the app."""
    database = database or serving_path()
    if not database.exists():
        raise FileNotFoundError(f"no serving copy at {database}: run `make build` first")
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def suppress_small_cells(frame: pd.DataFrame, count_column: str, value_columns: list[str],
                         min_count: int = MIN_CELL_COUNT) -> pd.DataFrame:
    """Blank the values (and the count) of every row whose count is below min_count."""
    result = frame.copy()
    small = result[count_column].fillna(0) < min_count
    for column in value_columns:
        result[column] = result[column].astype("float64").where(~small, np.nan)
    result[count_column] = result[count_column].astype("float64").where(~small, np.nan)
    return result
