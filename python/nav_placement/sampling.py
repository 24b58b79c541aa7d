"""Draw a follow-up survey sample (a frame like NAV's) from the warehouse's register exits.

A stratified simple random sample without replacement of persons with an exit in `exit_year`
(one exit per person: the person's last exit month of the year) from marts.fct_register_exit,
stratified by a column of that mart (default `registered_status`, the status in the exit month
before NAV's reclassification, which is what the 2014 frame's stratum means). The frame is written in the
delivered layout of the follow-up frame (docs/DESIGN.md, Part 3 follow-up deliveries),
`;`-separated UTF-8:

    lopenr;person_key;avgangsmaned;stratum;invitert

with `person_key` in place of `fnr` (the pseudonym cannot be turned back into a national id;
the ingest accepts a frame keyed by person_key), `lopenr` six digits from 100001 in a random
order, `avgangsmaned` the exit month `YYYY-MM`, `stratum` ARBS / NEDS for the exit statuses
job_seeker / reduced_work_capacity (any other stratum value as it is), and `invitert` 1 for a
random `invite_share` of each stratum (rounded to whole persons), else 0.

Reproducible: the same warehouse, arguments and seed give the same file byte for byte (persons
are ordered by person_key before drawing, strata are drawn in the order of their names).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

STRATUM_CODES = {"job_seeker": "ARBS", "reduced_work_capacity": "NEDS"}
SERIAL_START = 100001  # six digits, as the delivered frames
HEADER = ["lopenr", "person_key", "avgangsmaned", "stratum", "invitert"]


class SamplingError(ValueError):
    """The sample cannot be drawn as asked."""


def _read_exits(build_db, exit_year: int, stratify_by: str, register_wave: int | None,
                ages: tuple[int, int] = (16, 66)) -> pd.DataFrame:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", stratify_by):
        raise SamplingError(f"--stratify-by must be a column name, not {stratify_by!r}")
    if not Path(build_db).exists():
        raise SamplingError(f"no warehouse at {build_db}")
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        columns = {name for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_register_exit'").fetchall()}
        if not columns:
            raise SamplingError(f"{build_db} has no marts.fct_register_exit (run `nav-placement build` first)")
        if stratify_by not in columns:
            raise SamplingError(f"marts.fct_register_exit has no column {stratify_by!r}")
        wave_filter = "" if register_wave is None else "and register_wave = ?"
        parameters = [exit_year, *ages] + ([] if register_wave is None else [register_wave])
        # Only persons one can write to: living in Norway at the exit (not emigrated, alive), of
        # working age; the register's later events are the directorate's check before dispatch.
        exits = con.execute(
            f"select register_wave, person_key, exit_month, {stratify_by} as stratum_value "
            f"from marts.fct_register_exit where exit_year = ? and not left_population_by_exit_flag "
            f"and age_at_exit between ? and ? {wave_filter}", parameters).df()
    finally:
        con.close()
    return exits


def last_exits(exits: pd.DataFrame) -> pd.DataFrame:
    """One row per person: the last exit month of the (latest) register wave, ordered by person_key."""
    if exits.empty:
        return exits
    latest = exits[exits["register_wave"] == exits["register_wave"].max()]
    last = latest.sort_values(["person_key", "exit_month"]).drop_duplicates("person_key", keep="last")
    return last.reset_index(drop=True)


def draw(persons: pd.DataFrame, strata: dict[str, int], seed: int, invite_share: float = 1.0) -> pd.DataFrame:
    """The stratified sample of `persons` (person_key, exit_month, stratum_value; one row per
    person), as the frame's rows in the delivered layout."""
    if not 0.0 <= invite_share <= 1.0:
        raise SamplingError(f"invite_share must be between 0 and 1, not {invite_share}")
    if not strata:
        raise SamplingError("no strata given")
    available = persons["stratum_value"].astype(str).value_counts()
    problems = []
    for name, size in sorted(strata.items()):
        if size < 0:
            problems.append(f"stratum {name}: size {size} is negative")
        elif size > available.get(name, 0):
            problems.append(f"stratum {name} asks for {size} persons but has {available.get(name, 0)}")
    if problems:
        raise SamplingError("; ".join(problems))
    rng = np.random.default_rng(seed)
    persons = persons.sort_values("person_key", kind="stable").reset_index(drop=True)
    drawn = []
    for name, size in sorted(strata.items()):
        members = persons[persons["stratum_value"].astype(str) == name]
        chosen = members.iloc[np.sort(rng.choice(len(members), size=size, replace=False))].copy()
        invited = np.zeros(size, dtype=int)
        invited[rng.permutation(size)[:int(round(invite_share * size))]] = 1
        chosen["invitert"] = invited
        chosen["stratum"] = STRATUM_CODES.get(name, name)
        drawn.append(chosen)
    sample = pd.concat(drawn, ignore_index=True)
    if len(sample) > 999999 - SERIAL_START + 1:
        raise SamplingError(f"{len(sample)} persons do not fit in six-digit serial numbers")
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)
    return pd.DataFrame({
        "lopenr": [f"{SERIAL_START + i:06d}" for i in range(len(sample))],
        "person_key": sample["person_key"].astype(str),
        "avgangsmaned": pd.to_datetime(sample["exit_month"]).dt.strftime("%Y-%m"),
        "stratum": sample["stratum"],
        "invitert": sample["invitert"].astype(str),
    })[HEADER]


def draw_followup_sample(build_db, exit_year: int, strata: dict[str, int], seed: int, invite_share: float = 1.0,
                         out_path=None, stratify_by: str = "registered_status",
                         register_wave: int | None = None, ages: tuple[int, int] = (16, 66)) -> pd.DataFrame:
    """Draw the sample from marts.fct_register_exit in `build_db` (opened read-only and closed
    at once) and, when `out_path` is given, write it there. `strata` maps a value of the
    `stratify_by` column to the number of persons to draw (e.g. {'job_seeker': 6782,
    'reduced_work_capacity': 1657}, the 2014 frame by registered status). Exits are taken from
    `register_wave`, else from the latest register wave holding exits of the year; only persons
    living in Norway at the exit and aged `ages` (inclusive) at its end. A stratum asking for more
    persons than it has is a SamplingError."""
    exits = _read_exits(build_db, exit_year, stratify_by, register_wave, tuple(ages))
    persons = last_exits(exits)
    if persons.empty:
        raise SamplingError(f"no exits in {exit_year} in marts.fct_register_exit")
    frame = draw(persons, dict(strata), seed, invite_share)
    if out_path is not None:
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with open(out_path, "w", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, sep=";", index=False, lineterminator="\n")
    return frame


def _strata_argument(text: str) -> tuple[str, int]:
    name, separator, size = text.partition("=")
    if not separator or not name or not size.strip().isdigit():
        raise argparse.ArgumentTypeError(f"a stratum is NAME=SIZE (job_seeker=6782), not {text!r}")
    return name, int(size)


def build_parser(parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """The arguments of `nav-placement sample-followup` (can fill a subparser)."""
    parser = parser or argparse.ArgumentParser(prog="nav-placement sample-followup",
                                               description="Draw a follow-up survey frame from the register exits.")
    parser.add_argument("--exit-year", type=int, required=True, help="year of the exits to draw from (e.g. 2013)")
    parser.add_argument("--strata", type=_strata_argument, nargs="+", required=True, metavar="NAME=SIZE",
                        help="persons to draw per stratum, e.g. job_seeker=6782 reduced_work_capacity=1657")
    parser.add_argument("--seed", type=int, required=True, help="random seed (same seed, same file)")
    parser.add_argument("--out", type=Path, required=True, help="file to write (;-separated UTF-8)")
    parser.add_argument("--stratify-by", default="registered_status",
                        help="column of marts.fct_register_exit to stratify by (default registered_status: "
                             "the status in the exit month before reclassification, as in the 2014 frame)")
    parser.add_argument("--invite-share", type=float, default=1.0, help="share of each stratum invited (default 1)")
    parser.add_argument("--register-wave", type=int, default=None,
                        help="register wave to take the exits from (default: the latest with exits of the year)")
    parser.add_argument("--ages", type=int, nargs=2, default=(16, 66), metavar=("MIN", "MAX"),
                        help="age at the end of the exit month, inclusive (default 16 66)")
    parser.add_argument("--build-db", type=Path, default=None, help="warehouse file (default: NAV_BUILD_DB / NAV_DATA_DIR)")
    return parser


def run_from_args(args: argparse.Namespace, build_db=None) -> int:
    from nav_placement.paths import current

    strata = dict(args.strata)
    if len(strata) != len(args.strata):
        print("error: a stratum is given twice", file=sys.stderr)
        return 2
    try:
        frame = draw_followup_sample(args.build_db or build_db or current().build_db, args.exit_year, strata, args.seed,
                                     args.invite_share, args.out, args.stratify_by, args.register_wave,
                                     tuple(args.ages))
    except SamplingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    counts = frame.groupby("stratum")["invitert"].agg(drawn="size", invited=lambda s: int((s == "1").sum()))
    summary = ", ".join(f"{stratum} {row.drawn} drawn / {row.invited} invited" for stratum, row in counts.iterrows())
    print(f"wrote {len(frame)} persons to {args.out}: {summary}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m nav_placement.sampling --exit-year 2013 --strata job_seeker=6782
    reduced_work_capacity=1657 --seed 2015 --out PATH [--stratify-by exit_status] [--ages 16 66]`."""
    return run_from_args(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
