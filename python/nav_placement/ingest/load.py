"""The raw layer of build.duckdb: the only place ingest writes to the warehouse.

Raw tables are append-only. A delivery is written in one transaction (its rows and its
`raw.load_log` row) so a failure never leaves half a delivery behind. Connections are
short-lived: the build is the one writer, but nobody should wait on us.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from nav_placement.ingest.contracts import Contract

METADATA_COLUMNS = (
    ("loaded_delivery_id", "varchar"),
    ("loaded_wave", "integer"),
    ("loaded_file_name", "varchar"),
    ("loaded_file_sha256", "varchar"),
    ("loaded_row_number", "integer"),
    ("loaded_at", "timestamp"),
)

LOAD_LOG_DDL = """
create table if not exists raw.load_log (
    delivery_id varchar,
    source varchar,
    entity varchar,
    file_name varchar,
    file_sha256 varchar,
    status varchar,
    row_count integer,
    message varchar,
    validation_result varchar,
    loaded_at timestamp
)"""


@dataclass(frozen=True)
class LogEntry:
    """One `raw.load_log` row: a delivery file loaded or refused."""

    contract: Contract
    delivery_id: str
    file_name: str | None
    file_sha256: str | None
    status: str  # "loaded" | "rejected"
    row_count: int | None
    message: str
    validation_result: str  # great-expectations result as JSON text
    loaded_at: datetime  # UTC


@contextmanager
def connect(db_path: Path):
    """A short-lived connection to build.duckdb, closed on exit."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(db_path: Path):
    """All or nothing: commit on success, roll back on any error."""
    with connect(db_path) as con:
        con.begin()
        try:
            yield con
        except BaseException:
            con.rollback()
            raise
        con.commit()


def raw_table_ddl(contract: Contract) -> str:
    """Every contract column as VARCHAR (as delivered), then the load metadata."""
    columns = [f'"{c.name}" varchar' for c in contract.columns]
    columns += [f"{name} {type_}" for name, type_ in METADATA_COLUMNS]
    body = ",\n    ".join(columns)
    return f"create table if not exists {contract.raw_table} (\n    {body}\n)"


def create_raw_tables(db_path: Path, contracts: list[Contract]) -> None:
    """Create the raw schema, load_log and one table per contract, if missing.

    All raw tables exist from the first ingest on, so dbt sources resolve even for a source
    that has not delivered yet.
    """
    with transaction(db_path) as con:
        con.execute("create schema if not exists raw")
        con.execute(LOAD_LOG_DDL)
        for contract in contracts:
            con.execute(raw_table_ddl(contract))


def is_loaded(db_path: Path, file_sha256: str) -> bool:
    """Whether a file with these bytes was loaded before (under any delivery id)."""
    with connect(db_path) as con:
        return con.execute("select count(*) from raw.load_log where status = 'loaded' "
                           "and file_sha256 = ?", [file_sha256]).fetchone()[0] > 0


def loaded_file_of(db_path: Path, source: str, delivery_id: str) -> str | None:
    """The file a delivery id was loaded from, if it was."""
    with connect(db_path) as con:
        row = con.execute("select file_name from raw.load_log where status = 'loaded' "
                          "and source = ? and delivery_id = ? limit 1",
                          [source, delivery_id]).fetchone()
    return row[0] if row else None


def _insert_log(con: duckdb.DuckDBPyConnection, entry: LogEntry) -> None:
    con.execute(
        "insert into raw.load_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry.delivery_id, entry.contract.source, entry.contract.entity, entry.file_name,
         entry.file_sha256, entry.status, entry.row_count, entry.message,
         entry.validation_result, entry.loaded_at])


def append_delivery(db_path: Path, frame: pd.DataFrame, wave: int, entry: LogEntry) -> None:
    """Append a checked delivery (frame from `readers.read_table`) and its log row, atomically."""
    contract = entry.contract
    rows = frame.rename(columns={c.header: c.name for c in contract.columns})
    rows = rows[[c.name for c in contract.columns]].assign(
        loaded_delivery_id=entry.delivery_id,
        loaded_wave=wave,
        loaded_file_name=entry.file_name,
        loaded_file_sha256=entry.file_sha256,
        loaded_row_number=frame.index.to_numpy(),
        loaded_at=entry.loaded_at,
    ).reset_index(drop=True)
    with transaction(db_path) as con:
        con.register("delivery_rows", rows)
        con.execute(f"insert into {contract.raw_table} by name select * from delivery_rows")
        _insert_log(con, entry)


def log_rejection(db_path: Path, entry: LogEntry) -> None:
    """Record a refused delivery; the raw data tables stay as they are."""
    with transaction(db_path) as con:
        _insert_log(con, entry)
