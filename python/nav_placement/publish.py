"""Publish the serving copy: what users and the app read, replaced atomically.

Only user-facing schemas are copied (marts, analysis tables, code lists, the published figures),
with their documentation as DuckDB comments, plus `meta` tables saying what was built from what.
Raw tables stay in the build file. The copy is written to a temporary file in the same folder and
moved over the old one with os.replace, so a reader sees either the old copy or the new one.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from nav_placement import __version__
from nav_placement.paths import Paths

PUBLISHED_SCHEMAS = ("marts", "analysis", "codes", "reference")
BUILD_OK_MARKER = ".build_ok"


class PublishRefused(RuntimeError):
    """The build did not pass every test; the serving copy stays as it was."""


def build_ok_marker(paths: Paths) -> Path:
    return paths.warehouse / BUILD_OK_MARKER


def mark_build(paths: Paths, ok: bool) -> None:
    """The pipeline clears the marker before a build and sets it only when every test passed."""
    marker = build_ok_marker(paths)
    if ok:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(datetime.now(timezone.utc).isoformat())
    else:
        marker.unlink(missing_ok=True)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def sql_literal(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def publish(paths: Paths, progress=print) -> Path:
    """Copy the tested build into a fresh serving file and swap it in atomically."""
    if not build_ok_marker(paths).exists():
        raise PublishRefused(
            "the last build did not pass all dbt tests and the analysis step; serving copy left unchanged"
        )
    target = paths.serving_db
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        copy_published_schemas(paths.build_db, temporary, progress)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    progress(f"published {target}")
    return target


def copy_published_schemas(build_db: Path, serving_db: Path, progress=print) -> None:
    con = duckdb.connect(str(serving_db))
    try:
        con.execute(f"ATTACH {sql_literal(str(build_db))} AS build (READ_ONLY)")
        tables = con.execute(
            "select schema_name, table_name, comment from duckdb_tables() "
            "where database_name = 'build' and schema_name in ? order by 1, 2",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        views = con.execute(
            "select schema_name, view_name, comment from duckdb_views() "
            "where database_name = 'build' and schema_name in ? and not internal order by 1, 2",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        columns = con.execute(
            "select schema_name, table_name, column_name, comment from duckdb_columns() "
            "where database_name = 'build' and schema_name in ? and comment is not null",
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        for schema, name, comment in tables + views:
            con.execute(f"create schema if not exists {quote(schema)}")
            # Views become tables: the serving copy must not depend on the build file.
            con.execute(
                f"create table {quote(schema)}.{quote(name)} as select * from build.{quote(schema)}.{quote(name)}"
            )
            if comment:
                con.execute(f"comment on table {quote(schema)}.{quote(name)} is {sql_literal(comment)}")
        for schema, name, column, comment in columns:
            con.execute(
                f"comment on column {quote(schema)}.{quote(name)}.{quote(column)} is {sql_literal(comment)}"
            )
        write_meta(con)
        con.execute("detach build")
        con.execute("checkpoint")
        progress(f"copied {len(tables) + len(views)} tables in schemas {', '.join(PUBLISHED_SCHEMAS)}")
    finally:
        con.close()


def write_meta(con: duckdb.DuckDBPyConnection) -> None:
    """meta.build_info (one row) and meta.deliveries (the load log without the raw data)."""
    con.execute("create schema meta")
    con.execute(
        "create table meta.build_info as select cast(? as timestamp) as built_at, ? as nav_placement_version",
        [datetime.now(timezone.utc).replace(tzinfo=None), __version__],
    )
    con.execute("comment on table meta.build_info is 'When this serving copy was published, and by which version.'")
    has_log = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'build' and schema_name = 'raw' "
        "and table_name = 'load_log'"
    ).fetchone()[0]
    if has_log:
        con.execute("create table meta.deliveries as select * from build.raw.load_log order by loaded_at")
        con.execute(
            "comment on table meta.deliveries is "
            "'Every delivery file ingested or refused, with its great-expectations validation result.'"
        )
