"""Write an analysis table into the build file, documented like the dbt models are."""

from __future__ import annotations

import duckdb
import pandas as pd


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def replace_analysis_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame,
                           description: str, column_docs: dict[str, str]) -> None:
    """Replace analysis.<name> with `frame` and comment the table and every column, so the
    serving copy documents it (a column without a doc is a programming error)."""
    undocumented = set(frame.columns) - set(column_docs)
    if undocumented:
        raise ValueError(f"analysis.{name}: columns without documentation: {sorted(undocumented)}")
    con.execute("create schema if not exists analysis")
    con.register("analysis_frame", frame)
    try:
        con.execute(f"create or replace table analysis.{name} as select * from analysis_frame")
    finally:
        con.unregister("analysis_frame")
    con.execute(f"comment on table analysis.{name} is {literal(description)}")
    for column in frame.columns:
        con.execute(f"comment on column analysis.{name}.{column} is {literal(column_docs[column])}")
