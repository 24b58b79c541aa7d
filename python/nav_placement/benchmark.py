"""Benchmark of the register exit and transition models at national scale (issue 4, "Scale").

    python -m nav_placement.benchmark --persons 100000 1000000

For each size: the demo register extracts for that many persons (`demo.registers.generate_registers`)
are loaded straight into the raw register tables of a temporary DuckDB file, then
`dbt build` of the exit and transition models (and their data tests) is timed, with the peak
memory (maximum resident set size) of the dbt process, beside a plain DuckDB scan and sort of the
spell tables those models read. The ratio of the two is the figure the issue asks for: exits and
six-month transitions for 1 000 000 persons within 3x the plain scan and sort, under 2 GB.

What the benchmark bypasses, on purpose: the ingest (CSV files, validation, the national-id checks
and the HMAC pseudonymisation under the warehouse key). The national id is replaced inside DuckDB
by a SHA-256 of a fixed benchmark key and the fnr, truncated to 32 hex digits like the ingest's
person key, before anything is stored, and the raw tables get the load metadata ingest writes. The office register (for dim_office) is the demo's, loaded the same
way. Seeds, staging views and dim_office are built before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from nav_placement.paths import PROJECT_ROOT, TELEMETRY_OFF

BENCHMARK_KEY = "nav-placement-benchmark-key"  # fixed: the benchmark's person keys are reproducible
DEFAULT_SEED = 2014
DEFAULT_MONTHS = 36

# The models timed: the extract windows, the typed Arena spells (a view), exits by NAV's rule, what
# the registers say around each exit (a view), the fact and the rates.
TIMED_MODELS = (
    "int_register_extracts", "int_register_arena_spells", "int_register_exits",
    "int_register_exit_histories", "fct_register_exit", "int_register_transition_counts",
    "register_transition_rates",
)
# The timed build: the models and their data tests, incremental where the models can be (the first
# build of a fresh warehouse builds them whole).
TIMED_BUILD = ("build", "--select", *TIMED_MODELS, "--exclude-resource-type", "unit_test",
               "--vars", "{register_incremental: true}")
# Built before the clock starts: what the timed models and their tests read besides the raw tables.
SETUP_SELECTION = ("+dim_office", "arena_statuses", "benefits", "country_groups", "vulnerable_groups",
                   "path:models/staging/register_persons", "path:models/staging/register_arena",
                   "path:models/staging/register_aa", "path:models/staging/register_benefits",
                   "path:models/staging/register_residence")

# generate_registers key -> (raw table, delivered header -> raw column), docs/DESIGN.md Part 3
RAW_TABLES = {
    "persons": ("raw.register_persons__persons", {
        "fnr": "person_key", "fodselsdato": "birth_date", "kjonn": "gender_code",
        "fodeland": "birth_country_iso3"}),
    "arena": ("raw.register_arena__status_spells", {
        "fnr": "person_key", "status": "arena_status_code", "fra_dato": "start_date",
        "til_dato": "end_date", "tiltakskode": "measure_code", "nav_kontor": "office_number"}),
    "aa": ("raw.register_aa__employment_spells", {
        "fnr": "person_key", "orgnr": "employer_org_number", "fra_dato": "start_date",
        "til_dato": "end_date", "avtalt_timer": "agreed_weekly_hours"}),
    "benefits": ("raw.register_benefits__benefit_spells", {
        "fnr": "person_key", "ytelse": "benefit_code", "fra_dato": "start_date", "til_dato": "end_date"}),
    "residence": ("raw.register_residence__events", {
        "fnr": "person_key", "hendelse": "event_code", "dato": "event_date"}),
}
SPELL_TABLES = ("arena", "aa", "benefits")  # the spell tables the timed models read
METADATA_DDL = ("loaded_delivery_id varchar, loaded_wave integer, loaded_file_name varchar, "
                "loaded_file_sha256 varchar, loaded_row_number integer, loaded_at timestamp")
OFFICE_COLUMNS = ("office_number", "office_name", "municipality_number", "county_code",
                  "county_name", "state_fte", "municipal_fte")


@dataclass(frozen=True)
class Result:
    persons: int
    spells: int  # rows of the spell tables (Arena, AA, benefits)
    exits: int  # rows of marts.fct_register_exit
    build_seconds: float  # wall time of `dbt build` of the timed models and their data tests
    model_seconds: float  # the timed models' own execution time (dbt's run_results.json)
    peak_mb: float  # maximum resident set size of the dbt process
    scan_sort_seconds: float  # plain DuckDB scan and sort of the spell tables
    new_month_seconds: float | None = None  # wall time of the incremental build for one month more
    new_month_model_seconds: float | None = None

    @property
    def ratio(self) -> float:
        return self.build_seconds / self.scan_sort_seconds

    @property
    def model_ratio(self) -> float:
        return self.model_seconds / self.scan_sort_seconds


def generate(persons: int, seed: int, months: int) -> tuple[dict[str, pd.DataFrame], str]:
    """The demo extracts as delivered (text, fnr included) and their delivery id."""
    from nav_placement.demo import registers

    frames = registers.generate_registers(persons, seed, months)
    delivery_id = registers.delivery_files(months)["arena"].parts[1]
    return frames, delivery_id


def load_registers(db_path: Path, frames: dict[str, pd.DataFrame], delivery_id: str) -> None:
    """Raw register tables as ingest leaves them (text columns plus load metadata), the national
    id replaced by a keyed SHA-256 before anything is stored."""
    loaded_at = datetime.now(timezone.utc).replace(tzinfo=None)
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema if not exists raw")
        for name, (table, renames) in RAW_TABLES.items():
            frame = frames[name]
            columns = ", ".join(f'"{raw}" varchar' for raw in renames.values())
            con.execute(f"create table if not exists {table} ({columns}, {METADATA_DDL})")
            select = ", ".join(
                f"substring(sha256('{BENCHMARK_KEY}' || \"{header}\"), 1, 32) as person_key" if raw == "person_key"
                else f'cast("{header}" as varchar) as "{raw}"'
                for header, raw in renames.items())
            con.register("delivered", frame)
            con.execute(
                f"insert into {table} by name "
                f"select {select}, ? as loaded_delivery_id, ? as loaded_wave, ? as loaded_file_name, "
                f"'benchmark' as loaded_file_sha256, "
                f"cast(row_number() over () + 1 as integer) as loaded_row_number, ? as loaded_at "
                f"from delivered",
                [delivery_id, int(delivery_id[:4]), f"{name}_{delivery_id}.csv", loaded_at])
            con.unregister("delivered")
        con.execute("checkpoint")
    finally:
        con.close()


def load_offices(db_path: Path, seed: int) -> None:
    """The demo office register (2014-08) in raw.office_register__offices, for dim_office."""
    from nav_placement.demo import register as office_register
    from nav_placement.demo import offices as office_demo

    offices, _ = office_demo.generate(seed)
    frame = pd.DataFrame({
        "office_number": offices["office_number"].astype(str),
        "office_name": offices["office_name"].astype(str),
        "municipality_number": offices["municipality_number"].astype(str),
        "county_code": offices["county_code"].astype(str),
        "county_name": offices["county_name"].astype(str),
        "state_fte": offices["state_fte_tenths"].map(office_register.decimal_comma),
        "municipal_fte": offices["municipal_fte_tenths"].map(office_register.decimal_comma),
    })
    con = duckdb.connect(str(db_path))
    try:
        con.register("delivered", frame)
        columns = ", ".join(OFFICE_COLUMNS)
        con.execute(
            f"insert into raw.office_register__offices by name select {columns}, "
            "'2014-08' as loaded_delivery_id, 2014 as loaded_wave, "
            "'avd_kontorliste_2014-08.csv' as loaded_file_name, 'benchmark' as loaded_file_sha256, "
            "cast(row_number() over () + 1 as integer) as loaded_row_number, "
            "current_timestamp::timestamp as loaded_at from delivered")
    finally:
        con.close()


def create_raw_layer(db_path: Path) -> None:
    """Every raw table of the ingest contracts, empty, as ingest creates them at its first run."""
    from nav_placement.ingest.contracts import contracts
    from nav_placement.ingest.load import create_raw_tables

    create_raw_tables(db_path, list(contracts().values()))


def dbt_environment(work: Path, db_path: Path) -> dict[str, str]:
    env = dict(os.environ, **TELEMETRY_OFF)
    env.update(NAV_BUILD_DB=str(db_path), DBT_TARGET_PATH=str(work / "target"),
               DBT_LOG_PATH=str(work / "logs"))
    return env


def dbt_command(*args: str) -> list[str]:
    candidate = Path(sys.executable).with_name("dbt")
    dbt = str(candidate) if candidate.exists() else "dbt"
    return [dbt, "--no-use-colors", *args, "--project-dir", str(PROJECT_ROOT),
            "--profiles-dir", str(PROJECT_ROOT)]


def run_dbt(env: dict[str, str], *args: str) -> tuple[float, float]:
    """Run dbt; return (wall seconds, peak resident set size in MB of the dbt process)."""
    started = time.perf_counter()
    process = subprocess.Popen(dbt_command(*args), cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        tail = "\n".join(output.decode("utf-8", "replace").splitlines()[-30:])
        raise RuntimeError(f"dbt {' '.join(args)} failed:\n{tail}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports kilobytes


def model_seconds(work: Path) -> float:
    """Execution time of the timed models in the last dbt run (run_results.json)."""
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    return sum(r["execution_time"] for r in results
               if r["unique_id"].startswith("model.") and r["unique_id"].split(".")[-1] in TIMED_MODELS)


def scan_and_sort_seconds(db_path: Path) -> float:
    """A plain scan and sort of the spell tables the models read, by person and start date, into
    a table of the warehouse file (written like a model's table)."""
    con = duckdb.connect(str(db_path))
    try:
        seconds = 0.0
        for name in SPELL_TABLES:
            table = RAW_TABLES[name][0]
            started = time.perf_counter()
            con.execute(f"create table main.sorted_spells as "
                        f"select * from {table} order by person_key, start_date")
            seconds += time.perf_counter() - started
            con.execute("drop table main.sorted_spells")
        return seconds
    finally:
        con.close()


def count(db_path: Path, sql: str) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def benchmark(persons: int, seed: int = DEFAULT_SEED, months: int = DEFAULT_MONTHS,
              work: Path | None = None, progress=print, new_month: bool = True) -> Result:
    """Generate, load, build (untimed: seeds, staging, dim_office), then time the models; with
    `new_month`, load the extract of one month more as the wave's next delivery and time the
    incremental build."""
    with tempfile.TemporaryDirectory(prefix="nav-benchmark-") as scratch:
        work = Path(work or scratch)
        work.mkdir(parents=True, exist_ok=True)
        db_path = work / "build.duckdb"
        db_path.unlink(missing_ok=True)
        env = dbt_environment(work, db_path)

        progress(f"{persons:>9} persons: generating the register extracts")
        frames, delivery_id = generate(persons, seed, months)
        progress(f"{persons:>9} persons: loading raw tables (delivery {delivery_id})")
        create_raw_layer(db_path)
        load_offices(db_path, seed)
        load_registers(db_path, frames, delivery_id)
        spells = sum(len(frames[name]) for name in SPELL_TABLES)
        del frames

        progress(f"{persons:>9} persons: dbt build (no tests) of what the timed models read")
        # the same --vars as the timed builds, so those reuse this parse
        run_dbt(env, "build", "--select", *SETUP_SELECTION, "--exclude-resource-type", "test", "unit_test",
                *TIMED_BUILD[-2:])

        progress(f"{persons:>9} persons: timing dbt build of the exit and transition models")
        build_seconds, peak_mb = run_dbt(env, *TIMED_BUILD)
        models = model_seconds(work)
        exits = count(db_path, "select count(*) from marts.fct_register_exit")
        progress(f"{persons:>9} persons: timing a plain scan and sort of the spell tables")
        scan_sort = scan_and_sort_seconds(db_path)
        result = Result(persons, spells, exits, build_seconds, models, peak_mb, scan_sort)
        if not new_month:
            return result

        progress(f"{persons:>9} persons: generating the extract of one month more")
        frames, next_delivery_id = generate(persons, seed, months + 1)
        load_registers(db_path, frames, next_delivery_id)
        del frames
        progress(f"{persons:>9} persons: timing the incremental build of delivery {next_delivery_id}")
        new_month_seconds, new_month_peak = run_dbt(env, *TIMED_BUILD)
        return replace(result, new_month_seconds=new_month_seconds,
                       new_month_model_seconds=model_seconds(work),
                       peak_mb=max(peak_mb, new_month_peak))


HEADER = ("persons", "spells", "exits", "build s", "models s", "peak MB", "scan+sort s",
          "ratio", "models ratio", "new month s", "new month models s")


def table(results: list[Result]) -> str:
    """The figures as a Markdown table (the README takes it as it is)."""
    rows = [HEADER, tuple("---:" for _ in HEADER)]
    rows += [(f"{r.persons:,}".replace(",", " "), f"{r.spells:,}".replace(",", " "),
              f"{r.exits:,}".replace(",", " "), f"{r.build_seconds:.1f}", f"{r.model_seconds:.1f}",
              f"{r.peak_mb:.0f}", f"{r.scan_sort_seconds:.2f}", f"{r.ratio:.1f}", f"{r.model_ratio:.1f}",
              _optional(r.new_month_seconds), _optional(r.new_month_model_seconds))
             for r in results]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def _optional(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nav-placement benchmark",
        description="Time the register exit and transition models against a plain scan and sort.")
    p.add_argument("--persons", type=int, nargs="+", default=[100_000, 1_000_000],
                   help="sizes to run (persons in the register extracts)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--months", type=int, default=DEFAULT_MONTHS,
                   help="reference months from January 2011 (six follow-up months are added)")
    p.add_argument("--no-new-month", dest="new_month", action="store_false",
                   help="skip the incremental build of an extract of one month more")
    p.add_argument("--keep", type=Path, default=None,
                   help="build in this folder and keep it (one folder per size) instead of a temporary one")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    load_before = os.getloadavg()[0]
    results = []
    for persons in args.persons:
        work = args.keep / f"persons_{persons}" if args.keep else None
        results.append(benchmark(persons, args.seed, args.months, work, new_month=args.new_month))
    print()
    print(table(results))
    print()
    print("build s: wall time of `dbt build` of " + ", ".join(TIMED_MODELS) + " and their data tests "
          "(dbt start-up included); models s: those models' own execution time; peak MB: maximum "
          "resident set size of that dbt process; scan+sort s: `create table as select * ... order by "
          "person_key, start_date` of the Arena, AA and benefit spell tables; ratio = build s / scan+sort s, "
          "models ratio = models s / scan+sort s; new month s: the same `dbt build` (wall, and the models' "
          "own time) after the extract of one month more is loaded as the wave's next delivery: the "
          "incremental models rebuild only the exits that month can change; peak MB covers both builds.")
    print(f"Machine: {os.cpu_count()} cores; 1-minute load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine slows both sides).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
