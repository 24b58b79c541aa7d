"""Demo NAV register extracts for Part 3 (issue 4): persons, Arena status spells, AA-register
employment, benefit spells and residence events, in the five formats DESIGN.md fixes.

The histories are synthetic but shaped so NAV's exit rule has every case to decide: moves
between job seeker and reduced work capacity, breaks of one month (not an exit) and of two
(an exit), job seekers with reduced work capacity in the five months before exiting
(reclassified), open spells, short spells covering no month end, exits to work, to disability
or old-age pension, returns, deaths and emigrations. Arena spells cover January 2011 to
December 2013 (`months`) and the six months after, up to the extract (June 2014), so status
six months after a December 2013 exit can be read. Offices are those of the office register
the office demo delivers with the same seed (`nav-placement demo` passes one seed to all).

Everything is vectorised (a loop over months, never over persons): a million persons take
seconds. Files are byte-identical for (persons, seed, months), so re-ingesting a fresh demo is
a no-op; draws are keyed on (person, month), so the extract for one month more differs only
where that month changes something.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from nav_placement.demo import registers_arena as arena
from nav_placement.demo import registers_seeds as seeds
from nav_placement.demo import registers_spells as spells
from nav_placement.demo.followup_registers import planted_registers
from nav_placement.demo.registers_persons import draw_persons, national_ids

# The background population (about 24% exit in 2013 by NAV's rule). The follow-up survey's 8 439
# drawn persons are planted on top of it (followup_registers), so the background need not hold
# the frame: 20 000 keep the default demo build to a few minutes.
DEFAULT_PERSONS = 20_000
FOLLOWUP_MONTHS = 36  # the planted persons need the extract of June 2014 (their exits are in 2013)
DELIVERIES = {  # name -> source (landing folder), file name stem, delivered header (DESIGN.md)
    "persons": ("register_persons", "personer", ("fnr", "fodselsdato", "kjonn", "fodeland")),
    "arena": ("register_arena", "arena_statusforlop",
              ("fnr", "status", "fra_dato", "til_dato", "tiltakskode", "nav_kontor")),
    "aa": ("register_aa", "aa_arbeidsforhold", ("fnr", "orgnr", "fra_dato", "til_dato", "avtalt_timer")),
    "benefits": ("register_benefits", "ytelser", ("fnr", "ytelse", "fra_dato", "til_dato")),
    "residence": ("register_residence", "bosted_hendelser", ("fnr", "hendelse", "dato")),
}
RESIDENCE_EVENTS = ("UTVANDRET", "DOD")  # emigrated, died


def delivery_files(months: int = 36) -> dict[str, Path]:
    """Landing-relative path of each extract: `<source>/<yyyy-mm>/<stem>_<yyyy-mm>.csv`."""
    delivery = arena.Timeline(months).delivery_id
    return {name: Path(source, delivery, f"{stem}_{delivery}.csv")
            for name, (source, stem, _) in DELIVERIES.items()}


def write_register_deliveries(landing_dir: Path, persons: int = DEFAULT_PERSONS, seed: int = 2014,
                              months: int = 36, followup: bool | None = None) -> list[Path]:
    """Write the five extracts (`;`-separated UTF-8, ISO dates, empty = open/none) into landing,
    in the folder of the extract month (`months` from January 2011 plus six: 36 -> 2014-06).

    `persons` background persons, plus the follow-up survey's 8 439 drawn persons unless
    `followup` is False (default: with them when the extract reaches June 2014, months >= 36)."""
    tables = register_tables(persons, seed, months, followup)
    written = []
    for name, relative in delivery_files(months).items():
        path = Path(landing_dir) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with pa.OSFile(str(path), "wb") as sink:
            sink.write((";".join(DELIVERIES[name][2]) + "\n").encode("utf-8"))
            pa_csv.write_csv(tables[name], sink, pa_csv.WriteOptions(
                include_header=False, delimiter=";", quoting_style="none", batch_size=1 << 16))
        written.append(path)
    return written


def generate_registers(persons: int = DEFAULT_PERSONS, seed: int = 2014, months: int = 36,
                       followup: bool | None = None) -> dict[str, pd.DataFrame]:
    """The five extracts as delivered (text cells, an empty cell missing), keyed like DELIVERIES,
    so a benchmark can load them without writing CSV."""
    return {name: table.to_pandas() for name, table in register_tables(persons, seed, months, followup).items()}


def register_tables(persons: int = DEFAULT_PERSONS, seed: int = 2014, months: int = 36,
                    followup: bool | None = None) -> dict[str, pa.Table]:
    """The five extracts as Arrow tables of delivered text (null = empty cell): the background
    population's rows, then (unless `followup` is False; by default when months >= 36) the
    rows planted for the follow-up survey's drawn persons (followup_registers)."""
    if persons < 1 or months < 1:
        raise ValueError("persons and months must be positive")
    _check_codes()
    if followup is None:
        followup = months >= FOLLOWUP_MONTHS
    people, status, jobs, benefit, residence = _histories(persons, seed, months)
    offices = list(seeds.offices(seed)["office_number"])
    planted = planted_registers(seed) if followup else None
    if planted is not None:
        _avoid_planted_ids(people, planted.persons["fnr"], seed)
    fnr = pc.utf8_lpad(pa.array(people.fnr).cast(pa.string()), 11, "0")
    ids = lambda person: fnr.take(pa.array(person))  # noqa: E731
    background = {
        "persons": pa.table({
            "fnr": fnr, "fodselsdato": _dates(people.birth.astype(np.int64)),
            "kjonn": _codes(people.female.astype(np.int64), ["M", "K"]),
            "fodeland": _codes(people.country, [code or None for code in people.countries])}),
        "arena": pa.table({
            "fnr": ids(status.person), "status": _codes(status.state - 1, arena.ARENA_CODES),
            "fra_dato": _dates(status.start), "til_dato": _dates(status.end),
            "tiltakskode": _codes(status.measure, [code or None for code in arena.MEASURE_CODES]),
            "nav_kontor": _codes(status.office, offices)}),
        "aa": pa.table({
            "fnr": ids(jobs.person), "orgnr": pa.array(jobs.code).cast(pa.string()),
            "fra_dato": _dates(jobs.start), "til_dato": _dates(jobs.end),
            "avtalt_timer": _codes(jobs.extra, [f"{h // 2},5" if h % 2 else str(h // 2) for h in range(81)])}),
        "benefits": pa.table({
            "fnr": ids(benefit.person), "ytelse": _codes(benefit.code, _benefit_codes()),
            "fra_dato": _dates(benefit.start), "til_dato": _dates(benefit.end)}),
        "residence": pa.table({
            "fnr": ids(residence.person), "hendelse": _codes(residence.code, RESIDENCE_EVENTS),
            "dato": _dates(residence.start)}),
    }
    if planted is None:
        return background
    extra = _planted_tables(planted, offices, arena.Timeline(months).extract_day)
    return {name: pa.concat_tables([table, extra[name]]) for name, table in background.items()}


def _avoid_planted_ids(people, planted_fnr: np.ndarray, seed: int) -> None:
    """Background persons whose id a planted person has get another (only those: the rest of the
    background stays as without the planted persons)."""
    clash = np.isin(people.fnr, planted_fnr)
    if clash.any():
        taken = np.concatenate([people.fnr[~clash], planted_fnr])
        people.fnr[clash] = national_ids(people.birth[clash], people.female[clash], people.d_number[clash],
                                         np.random.default_rng([seed, 3_018]), taken=taken)


def _planted_tables(planted, offices: list[str], extract_day: int) -> dict[str, pa.Table]:
    """The planted rows as delivered text, cut at the extract day (nothing starting after it,
    a spell running past it open)."""
    fnr = pc.utf8_lpad(pa.array(planted.persons["fnr"]).cast(pa.string()), 11, "0")
    ids = lambda person: fnr.take(pa.array(person))  # noqa: E731

    def cut(rows: dict) -> dict:
        keep = rows["start"] <= extract_day
        rows = {k: v[keep] for k, v in rows.items()}
        rows["end"] = np.where(rows["end"] > extract_day, spells.OPEN, rows["end"])
        return rows

    def text(values) -> pa.Array:
        return pa.array([v or None for v in values.tolist()], type=pa.string())

    people = planted.persons
    status, jobs, benefit = cut(planted.arena), cut(planted.aa), cut(planted.benefits)
    residence = planted.residence
    keep = residence["day"] <= extract_day
    residence = {k: v[keep] for k, v in residence.items()}
    return {
        "persons": pa.table({
            "fnr": fnr, "fodselsdato": _dates(people["birth"].astype(np.int64)),
            "kjonn": text(np.where(people["female"], "K", "M")), "fodeland": text(people["country"])}),
        "arena": pa.table({
            "fnr": ids(status["person"]), "status": text(status["status"]),
            "fra_dato": _dates(status["start"]), "til_dato": _dates(status["end"]),
            "tiltakskode": text(status["measure"]), "nav_kontor": _codes(status["office"], offices)}),
        "aa": pa.table({
            "fnr": ids(jobs["person"]), "orgnr": pa.array(jobs["orgnr"]).cast(pa.string()),
            "fra_dato": _dates(jobs["start"]), "til_dato": _dates(jobs["end"]),
            "avtalt_timer": _codes(jobs["half_hours"], [f"{h // 2},5" if h % 2 else str(h // 2) for h in range(81)])}),
        "benefits": pa.table({
            "fnr": ids(benefit["person"]), "ytelse": text(benefit["code"]),
            "fra_dato": _dates(benefit["start"]), "til_dato": _dates(benefit["end"])}),
        "residence": pa.table({
            "fnr": ids(residence["person"]), "hendelse": text(residence["code"]), "dato": _dates(residence["day"])}),
    }


@dataclass(frozen=True)
class _Rows:
    """Rows of one extract as arrays: person index, start, end, a code and an extra column."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray | None = None
    code: np.ndarray | None = None
    extra: np.ndarray | None = None


def _histories(persons: int, seed: int, months: int):
    """Persons and the rows of every extract, as numbers; the chain and its runs are freed on
    return, before the text columns are built (peak memory)."""
    rng = np.random.default_rng(seed)
    timeline = arena.Timeline(months)
    people = draw_persons(persons, rng)
    plan = arena.plan_people(people, seeds.offices(seed), rng, months)
    run = arena.runs(arena.simulate(plan, timeline, seed))
    start, end = arena.run_dates(run, plan, timeline, seed)
    status = arena.arena_spells(run, start, end, plan, timeline, seed)
    ep = spells.episodes(run, start, end)
    limits = spells.Limits(plan, timeline, seed)
    (person, job_start, job_end, orgnr), hours = spells.employment(run, start, end, ep, plan, people, seed, limits)
    jobs = _Rows(person, job_start, job_end, orgnr, hours)
    codes = {code: i for i, code in enumerate(_benefit_codes())}
    benefit = _Rows(*spells.benefits(run, start, end, ep, plan, people, codes, seed, limits, timeline))
    gone, died, gone_day = spells.residence(plan, limits, timeline)
    return people, status, jobs, benefit, _Rows(gone, gone_day, code=died.astype(np.int64))


def _benefit_codes() -> list[str]:
    return list(seeds.benefits()["benefit_code"])


def _dates(days: np.ndarray) -> pa.Array:
    """ISO dates from days since 1970; OPEN is an empty cell. Each distinct day is
    formatted once and looked up (far faster than formatting millions of cells)."""
    open_ = days == spells.OPEN
    if open_.all():
        return pa.nulls(len(days), pa.string())
    low, high = days[~open_].min(), days[~open_].max()
    text = pa.array(np.arange(low, high + 1, dtype=np.int32)).cast(pa.date32()).cast(pa.string())
    return text.take(pa.array(days - low, mask=open_))


def _codes(index: np.ndarray, values) -> pa.Array:
    """Text codes by index (None = empty cell)."""
    return pa.array(list(values), type=pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))


def _check_codes() -> None:
    """The generator's Arena statuses are the seed's; old-age and disability pension are benefits."""
    if set(arena.ARENA_CODES) != set(seeds.arena_statuses()["arena_status_code"]):
        raise ValueError("Arena status codes differ from seeds/codes/arena_statuses.csv")
    if not {"AAP", "DAGP", "INDS", "OVST", "SYKP", "UFOR", "ALDR"} <= set(seeds.benefits()["benefit_code"]):
        raise ValueError("benefit codes missing from seeds/codes/benefits.csv")
    measures = seeds.arena_measures().set_index("measure_code")
    for table, flag in ((arena.MEASURES_JOB_SEEKER, "for_job_seekers_flag"),
                        (arena.MEASURES_REDUCED, "for_reduced_capacity_flag")):
        if set(table) - set(measures.index):
            missing = sorted(set(table) - set(measures.index))
            raise ValueError(f"measure codes missing from seeds/codes/arena_measures.csv: {missing}")
        if (measures.loc[list(table), flag] != "true").any():
            raise ValueError(f"measure codes not {flag} in seeds/codes/arena_measures.csv")
    subsidy = set(measures.index[measures["wage_subsidy_flag"] == "true"])
    if set(spells.WAGE_SUBSIDY_MEASURES) != subsidy:
        raise ValueError("wage-subsidy measures differ from seeds/codes/arena_measures.csv")
