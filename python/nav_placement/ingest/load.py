"""The raw layer of build.duckdb: the only place ingest writes to the warehouse.

Raw tables are append-only. A delivery is written in one transaction (contract columns the raw
table does not have yet, its rows, for an SPSS file its variable and value labels, and its
`raw.load_log` row) so a failure never leaves half a delivery behind. Connections are
short-lived: the build is the one writer, but nobody should wait on us.

A raw table follows its contract as the contract grows: a column added to the contract (a new
questionnaire item in a later wave) is added to the table as VARCHAR, so earlier deliveries read
NULL for it. A column dropped from the contract stays in the table, NULL for later deliveries.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from nav_placement.ingest.contracts import Contract
from nav_placement.ingest.readers import Dictionary

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

# the fingerprint of the key every person_key of this warehouse was made with (one row, written
# with the first delivery that carried national ids)
PSEUDONYM_KEY_DDL = """
create table if not exists raw.pseudonym_key (
    key_fingerprint varchar,
    recorded_at timestamp
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
    con.execute("set enable_progress_bar = false")  # a long insert would draw one on stdout
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
            try:
                con.rollback()
            except duckdb.Error:  # a failed connection may refuse even that; keep the cause
                pass
            raise
        con.commit()


def dictionary_ddl(contract: Contract) -> list[str]:
    """The label tables of a source delivering SPSS files (none for other sources)."""
    if not contract.has_dictionary:
        return []
    return [
        f"create table if not exists {contract.variables_table} (loaded_delivery_id varchar, "
        "variable varchar, label varchar, user_missing_codes varchar)",
        f"create table if not exists {contract.value_labels_table} (loaded_delivery_id varchar, "
        "variable varchar, code varchar, label varchar)",
    ]


def raw_table_ddl(contract: Contract) -> str:
    """Every contract column as VARCHAR (as delivered), then the load metadata."""
    columns = [f'"{c.name}" varchar' for c in contract.columns]
    columns += [f"{name} {type_}" for name, type_ in METADATA_COLUMNS]
    body = ",\n    ".join(columns)
    return f"create table if not exists {contract.raw_table} (\n    {body}\n)"


def create_raw_tables(db_path: Path, contracts: list[Contract]) -> None:
    """Create the raw schema, load_log and one table per contract, if missing, and add the
    contract columns an existing raw table lacks (`add_missing_columns`).

    All raw tables exist from the first ingest on, with every column their contract has now, so
    dbt sources resolve even for a source (or a column) that has not been delivered yet.
    """
    with transaction(db_path) as con:
        con.execute("create schema if not exists raw")
        con.execute(LOAD_LOG_DDL)
        con.execute(PSEUDONYM_KEY_DDL)
        for contract in contracts:
            con.execute(raw_table_ddl(contract))
            add_missing_columns(con, contract)
            for ddl in dictionary_ddl(contract):
                con.execute(ddl)


def add_missing_columns(con: duckdb.DuckDBPyConnection, contract: Contract) -> list[str]:
    """Add every contract column the raw table lacks, as VARCHAR (earlier rows read NULL);
    return their names. In the caller's transaction."""
    present = {d[0].lower() for d in
               con.execute(f"select * from {contract.raw_table} limit 0").description}
    missing = [c.name for c in contract.columns if c.name.lower() not in present]
    for name in missing:
        con.execute(f'alter table {contract.raw_table} add column "{name}" varchar')
    return missing


def is_loaded(db_path: Path, source: str, delivery_id: str, file_sha256: str) -> bool:
    """Whether this delivery was loaded from a file with these bytes (re-ingesting the same
    folder does nothing; the same bytes in a new folder are a new delivery)."""
    with connect(db_path) as con:
        return con.execute("select count(*) from raw.load_log where status = 'loaded' "
                           "and source = ? and delivery_id = ? and file_sha256 = ?",
                           [source, delivery_id, file_sha256]).fetchone()[0] > 0


def deliveries_with(db_path: Path, source: str, file_sha256: str) -> list[str]:
    """The loaded deliveries of a source whose file had these bytes, in load order."""
    with connect(db_path) as con:
        return [d for (d,) in con.execute(
            "select delivery_id from raw.load_log where status = 'loaded' and source = ? "
            "and file_sha256 = ? order by loaded_at", [source, file_sha256]).fetchall()]


def loaded_file_of(db_path: Path, source: str, delivery_id: str) -> str | None:
    """The file a delivery id was loaded from, if it was."""
    with connect(db_path) as con:
        row = con.execute("select file_name from raw.load_log where status = 'loaded' "
                          "and source = ? and delivery_id = ? limit 1",
                          [source, delivery_id]).fetchone()
    return row[0] if row else None


def latest_delivery(db_path: Path, source: str, wave: int) -> str | None:
    """The delivery of a source and wave loaded last (the one staging takes), if any."""
    with connect(db_path) as con:
        row = con.execute("select delivery_id from raw.load_log where status = 'loaded' "
                          "and source = ? and substr(delivery_id, 1, 4) = ? "
                          "order by loaded_at desc limit 1", [source, f"{wave:04d}"]).fetchone()
    return row[0] if row else None


def delivery_values(db_path: Path, contract: Contract, delivery_id: str,
                    columns: list[str]) -> list[tuple]:
    """Some raw columns of one loaded delivery."""
    selected = ", ".join(f'"{c}"' for c in columns)
    with connect(db_path) as con:
        return con.execute(f"select {selected} from {contract.raw_table} "
                           "where loaded_delivery_id = ?", [delivery_id]).fetchall()


def _insert_log(con: duckdb.DuckDBPyConnection, entry: LogEntry) -> None:
    con.execute(
        "insert into raw.load_log (delivery_id, source, entity, file_name, file_sha256, status, "
        "row_count, message, validation_result, loaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry.delivery_id, entry.contract.source, entry.contract.entity, entry.file_name,
         entry.file_sha256, entry.status, entry.row_count, entry.message,
         entry.validation_result, entry.loaded_at])


def recorded_key_fingerprint(db_path: Path) -> str | None:
    """The fingerprint of the key the warehouse's person keys were made with, if any."""
    with connect(db_path) as con:
        row = con.execute("select key_fingerprint from raw.pseudonym_key limit 1").fetchone()
    return row[0] if row else None


def delivery_table(frame: pd.DataFrame, contract: Contract) -> pa.Table:
    """The contract columns of a checked delivery frame under their raw names, as Arrow strings
    (zero-copy for a frame read by Arrow), and the row numbers."""
    columns = {c.name: _strings(frame[c.header]) for c in contract.columns}
    columns["loaded_row_number"] = pa.array(frame.index.to_numpy(), type=pa.int32())
    return pa.table(columns)


def _strings(column: pd.Series) -> pa.Array:
    """A text column as an Arrow string array, without copying one that already is."""
    array = pa.array(column, from_pandas=True)
    return array if pa.types.is_string(array.type) or pa.types.is_large_string(array.type) \
        else array.cast(pa.string())


def append_delivery(db_path: Path, frame: pd.DataFrame, wave: int, entry: LogEntry,
                    dictionary: Dictionary | None = None,
                    key_fingerprint: str | None = None) -> None:
    """Append a checked delivery (frame from `readers.read_delivery`), its labels (SPSS) and its
    log row, atomically; with `key_fingerprint` (a delivery whose national ids were replaced by
    person keys), record the key's fingerprint if the warehouse has none yet.

    The rows go in from Arrow in one statement, the load metadata as constants."""
    contract = entry.contract
    rows = delivery_table(frame, contract)
    with transaction(db_path) as con:
        add_missing_columns(con, contract)
        con.register("delivery_rows", rows)
        con.execute(
            f"insert into {contract.raw_table} by name select *, ? as loaded_delivery_id, "
            "?::integer as loaded_wave, ? as loaded_file_name, ? as loaded_file_sha256, "
            "?::timestamp as loaded_at from delivery_rows",
            [entry.delivery_id, wave, entry.file_name, entry.file_sha256, entry.loaded_at])
        con.unregister("delivery_rows")
        if dictionary is not None:
            _insert_dictionary(con, contract, entry.delivery_id, dictionary)
        if key_fingerprint is not None:
            con.execute("insert into raw.pseudonym_key select ?, ? where not exists "
                        "(select 1 from raw.pseudonym_key)", [key_fingerprint, entry.loaded_at])
        _insert_log(con, entry)


def _insert_dictionary(con: duckdb.DuckDBPyConnection, contract: Contract, delivery_id: str,
                       dictionary: Dictionary) -> None:
    for table, columns, rows in (
            (contract.variables_table, ["variable", "label", "user_missing_codes"],
             dictionary.variables),
            (contract.value_labels_table, ["variable", "code", "label"], dictionary.value_labels)):
        if rows:
            con.register("dictionary_rows", pd.DataFrame(rows, columns=columns, dtype=object)
                         .assign(loaded_delivery_id=delivery_id))
            con.execute(f"insert into {table} by name select * from dictionary_rows")
            con.unregister("dictionary_rows")


def log_rejection(db_path: Path, entry: LogEntry) -> None:
    """Record a refused delivery; the raw data tables stay as they are."""
    with transaction(db_path) as con:
        _insert_log(con, entry)
