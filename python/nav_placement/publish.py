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
# A build passes in two stages, each recorded by a marker file beside the build file: dbt build
# (models and their tests), then the analysis steps with their tests. Publishing needs both; any
# step that changes the build file (ingest, dbt build, a hand-run dbt command) clears them first.
BUILD_STAGES = ("dbt_build", "analysis")


class PublishRefused(RuntimeError):
    """The build did not pass every test; the serving copy stays as it was."""


def stage_marker(paths: Paths, stage: str) -> Path:
    assert stage in BUILD_STAGES, stage
    return paths.warehouse / f".{stage}_passed"


def record_stage_passed(paths: Paths, stage: str) -> None:
    marker = stage_marker(paths, stage)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(datetime.now(timezone.utc).isoformat())


def stage_passed(paths: Paths, stage: str) -> bool:
    return stage_marker(paths, stage).exists()


def clear_build_stages(paths: Paths, from_stage: str = BUILD_STAGES[0]) -> None:
    """Forget that `from_stage` and every later stage passed."""
    for stage in BUILD_STAGES[BUILD_STAGES.index(from_stage):]:
        stage_marker(paths, stage).unlink(missing_ok=True)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def sql_literal(text: str | None) -> str:
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


def publish(paths: Paths, progress=print) -> Path:
    """Copy the tested build into a fresh serving file and swap it in atomically."""
    missing = [stage for stage in BUILD_STAGES if not stage_passed(paths, stage)]
    if missing:
        raise PublishRefused(
            f"the last build has not passed {' and '.join(missing).replace('_', ' ')}; serving copy left unchanged"
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
    """meta.build_info (one row) and meta.deliveries: the load log without the validation details,
    which can quote delivered cell values (those stay in the build file and the quarantine)."""
    con.execute("create schema meta")
    con.execute(
        "create table meta.build_info as select cast(? as timestamp) as published_at, ? as nav_placement_version",
        [datetime.now(timezone.utc).replace(tzinfo=None), __version__],
    )
    con.execute("comment on table meta.build_info is 'When this serving copy was published, and by which version.'")
    con.execute("comment on column meta.build_info.published_at is 'Time of publishing (UTC).'")
    con.execute("comment on column meta.build_info.nav_placement_version is 'Version of nav-placement that built it.'")
    has_log = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'build' and schema_name = 'raw' "
        "and table_name = 'load_log'"
    ).fetchone()[0]
    if not has_log:
        return
    con.execute(
        "create table meta.deliveries as select delivery_id, source, entity, file_name, file_sha256, status, "
        "row_count, message, loaded_at from build.raw.load_log order by loaded_at"
    )
    con.execute(
        "comment on table meta.deliveries is "
        "'Every delivery file ingested or refused (grain: one row per file and attempt). The full "
        "great-expectations result is kept in the build file (raw.load_log) and the quarantine.'"
    )
    for column, doc in DELIVERY_COLUMN_DOCS.items():
        con.execute(f"comment on column meta.deliveries.{column} is {sql_literal(doc)}")


DELIVERY_COLUMN_DOCS = {
    "delivery_id": "Delivery folder name; starts with the wave.",
    "source": "Source system of the delivery (office_register, office_survey, ...).",
    "entity": "What the file holds (offices, responses, ...).",
    "file_name": "File name as delivered.",
    "file_sha256": "sha256 of the file bytes; the same file is never loaded twice.",
    "status": "loaded or rejected.",
    "row_count": "Data rows in the file.",
    "message": "Why a delivery was refused (file, row, column), or what was loaded.",
    "loaded_at": "When the delivery was ingested (UTC).",
}
