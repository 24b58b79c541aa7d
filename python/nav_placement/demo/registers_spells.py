"""AA-register employment, benefit spells and residence events that agree with the Arena history.

They are derived from the runs of the monthly chain, so the status six months after an exit
has something to read: a job starting around an exit to work (or none: self-employed), a job
given up before registering, part-time work beside partial unemployment, wage-subsidy jobs on a
measure; dagpenger on job-seeker spells, AAP on reduced work capacity (sometimes continuing
beside a new job), sickness benefit before it, individstønad on measures, overgangsstønad,
disability pension after an exit to it, old-age pension at 67 or earlier; and the death or
emigration that ends them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nav_placement.demo import registers_arena as arena
from nav_placement.demo import registers_draws as draws
from nav_placement.demo.registers_persons import organisation_numbers

OPEN = arena.OPEN
# Employment.
EMPLOYERS_PER_PERSON, MIN_EMPLOYERS, EMPLOYER_SIZE_SIGMA = 1 / 15, 300, 1.6
JOB_BEFORE = {arena.JOB_SEEKER: 0.6, arena.REDUCED: 0.55}  # a job before the first registration
SELF_EMPLOYED = 0.05  # of exits to work: no AA spell (other in the register statistic)
TEMPORARY_JOB = 0.25  # of jobs after an exit: ends within two years
LATER_JOB = 0.3  # of exits elsewhere: a job found later
WAGE_SUBSIDY_MEASURES = ("LONNTILS", "VARLONTIL")
SUBSIDY_JOB_KEPT = 0.4  # of subsidised jobs ending in an exit to work: the employer keeps the person
FULL_TIME, LONG_PART_TIME = 0.55, 0.25  # shares of agreed hours classes (rest: short part-time)
# Benefits.
DAGPENGER, DAGPENGER_WEEKS = 0.5, 104
DAGPENGER_BESIDE_WORK = 0.1  # graded dagpenger continuing after an exit to work
AAP, AAP_BESIDE_WORK = 0.82, 0.35
SICKNESS_BEFORE_AAP = 0.55
INDIVIDSTONAD = 0.7  # on a measure without dagpenger or AAP
OVERGANGSSTONAD = 0.07  # women 20-45 on job-seeker spells

(S_JOB_BEFORE, S_JOB_BEFORE_END, S_JOB_BEFORE_START, S_JOB_AFTER, S_JOB_AFTER_DAYS, S_JOB_END, S_EMPLOYER,
 S_HOURS, S_HOURS_CLASS, S_DL_JOB, S_SUBSIDY, S_LATER, S_LATER_DAYS, S_DAGP, S_DAGP_GRADED, S_DAGP_DAYS,
 S_DAGP_GRADED_DAYS, S_AAP, S_AAP_BESIDE, S_AAP_DAYS, S_AAP_BESIDE_DAYS, S_SYKP, S_SYKP_DAYS, S_INDS, S_OVST,
 S_OVST_START, S_OVST_END, S_JOB_LENGTH, S_BACK_GAP, S_DL_JOB_END) = range(101, 131)  # keyed draw streams


@dataclass(frozen=True)
class Episodes:
    """Maximal runs of one main status (job seeker, reduced work capacity, other registered)."""

    person: np.ndarray
    main: np.ndarray
    start: np.ndarray
    end: np.ndarray  # OPEN if still registered at the extract
    first: np.ndarray  # first and last month
    last: np.ndarray
    next_state: np.ndarray  # chain state after the episode (-1: none, open)
    after: np.ndarray  # index of the run after the episode's run after (-1: none)
    entered: np.ndarray  # came from outside Arena (not a move from the other status)
    first_episode: np.ndarray  # the person's first registration
    run_episode: np.ndarray  # for every run: its episode (-1 for runs out of Arena)


def episodes(run: arena.Runs, start: np.ndarray, end: np.ndarray) -> Episodes:
    """Episodes from the runs: benefits follow main statuses, not sub-statuses."""
    main = arena.MAIN[run.state]
    begins = run.arena & (run.prev(main, 0) != main)
    ends = run.arena & (run.next(main, 0) != main)
    first, last = np.flatnonzero(begins), np.flatnonzero(ends)
    following = np.where(run.has_next[last], last + 1, -1)
    after = np.where((following >= 0) & run.has_next[np.maximum(following, 0)], following + 1, -1)
    prev_arena = run.prev(run.arena.astype(np.int8), 0) == 1
    run_episode = np.where(run.arena, np.cumsum(begins) - 1, -1)
    return Episodes(run.person[first], main[first], start[first], end[last], run.first[first], run.last[last],
                    run.next(run.state)[last], after, ~prev_arena[first], ~run.has_prev[first] |
                    (run.prev(run.state)[first] == arena.NEVER), run_episode)


@dataclass
class Table:
    """Spells being collected for one register: person, start, end and one code column."""

    person: list
    start: list
    end: list
    code: list

    @classmethod
    def empty(cls) -> "Table":
        return cls([], [], [], [])

    def add(self, person, start, end, code) -> None:
        self.person.append(np.asarray(person))
        self.start.append(np.asarray(start, dtype=np.int64))
        self.end.append(np.asarray(end, dtype=np.int64))
        self.code.append(np.broadcast_to(np.asarray(code, dtype=np.int64), np.shape(person)))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(part) for part in (self.person, self.start, self.end, self.code))


class Limits:
    """Clips spells to what the extract can hold: nothing after death or emigration, nothing
    after the extract day (a spell still running then is open)."""

    def __init__(self, plan: arena.Plan, timeline: arena.Timeline, seed: int):
        self.extract_day = timeline.extract_day
        gone = np.flatnonzero(plan.gone_month < timeline.horizon)
        self.gone_day = np.full(len(plan.entry), np.iinfo(np.int64).max // 2, dtype=np.int64)
        self.gone_day[gone] = arena.gone_day(plan, seed, gone, timeline.month_start)

    def apply(self, person, start, end, *codes) -> tuple[np.ndarray, ...]:
        """(person, start, end, *codes) clipped, in person and date order, without repeated rows
        (ingest refuses a spell delivered twice)."""
        stop = np.minimum(np.where(end == OPEN, np.iinfo(np.int64).max // 2, end), self.gone_day[person])
        keep = (start <= stop) & (start <= self.extract_day)
        stop = np.where(stop > self.extract_day, OPEN, stop)
        columns = [column[keep] for column in (person, start, stop, *codes)]
        order = np.lexsort(columns[::-1])
        columns = [column[order] for column in columns]
        repeated = np.ones(len(columns[0]), dtype=bool)
        repeated[0:1] = False
        for column in columns:
            repeated[1:] &= column[1:] == column[:-1]
        return tuple(column[~repeated] for column in columns)


def month_day(month: np.ndarray) -> np.ndarray:
    """First day (days since 1970) of month index `month` (0 = January 2011), any month."""
    return (arena.START + np.asarray(month)).astype("datetime64[D]").astype(np.int64)


def employment(run: arena.Runs, start: np.ndarray, end: np.ndarray, ep: Episodes, plan: arena.Plan,
               persons, seed: int, limits: Limits) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """AA employment spells (person, start, end, employer's organisation number) and the agreed
    weekly hours of each, in half hours."""
    n = len(plan.entry)
    jobs, hours = Table.empty(), []
    employer_count = max(MIN_EMPLOYERS, int(n * EMPLOYERS_PER_PERSON))
    employer_weights = np.exp(np.random.default_rng(seed).normal(0, EMPLOYER_SIZE_SIGMA, employer_count))
    employers = organisation_numbers(employer_count, np.random.default_rng([seed, 1]))
    earliest = persons.birth.astype(np.int64) + 15 * 365  # no job before 15

    def add(person, job_start, job_end, month, stream_key, full_time=FULL_TIME):
        employer = draws.pick(seed, S_EMPLOYER, person, month * 8 + stream_key, employer_weights)
        jobs.add(person, job_start, job_end, employer)
        hours.append(_half_hours(seed, person, month * 8 + stream_key, full_time))

    # A job given up (job seekers) or kept a while (reduced work capacity) around the first registration.
    first = np.flatnonzero(ep.first_episode & (ep.main != arena.OTHER_REGISTERED))
    p, m, main = ep.person[first], ep.first[first], ep.main[first]
    share = np.where(main == arena.JOB_SEEKER, JOB_BEFORE[arena.JOB_SEEKER], JOB_BEFORE[arena.REDUCED])
    chosen = draws.uniform(seed, S_JOB_BEFORE, p, m) < share
    p, m, main, began = p[chosen], m[chosen], main[chosen], ep.start[first][chosen]
    u = draws.uniform(seed, S_JOB_BEFORE_END, p, m)
    job_end = np.where(main == arena.JOB_SEEKER, began - 1 - np.floor(u * 30),
                       began + np.floor(u * 150)).astype(np.int64)
    job_start = np.maximum(began - 180 - draws.integers(seed, S_JOB_BEFORE_START, p, m, 0, 3000), earliest[p])
    add(p, job_start, job_end, m, 0)

    # A job starting around an exit to work (temporary or not), ended before a return or retirement.
    work = np.flatnonzero((ep.next_state == arena.OUT_WORK)
                          & (draws.uniform(seed, S_JOB_AFTER, ep.person, ep.last) >= SELF_EMPLOYED))
    p, m = ep.person[work], ep.last[work]
    job_start = np.maximum(ep.end[work] - 14 + draws.integers(seed, S_JOB_AFTER_DAYS, p, m, 0, 45), ep.start[work] + 1)
    temporary = draws.uniform(seed, S_JOB_END, p, m) < TEMPORARY_JOB
    planned = np.where(temporary, job_start + draws.integers(seed, S_JOB_LENGTH, p, m, 60, 660), OPEN)
    job_end, taken = _until_back(run, start, ep.after[work], job_start, planned, seed, p, m)
    add(p[taken], job_start[taken], job_end[taken], m[taken], 1)

    # Exits elsewhere: some find a job later without NAV (ended if they come back).
    later = np.flatnonzero((ep.next_state == arena.OUT_OTHER)
                           & (draws.uniform(seed, S_LATER, ep.person, ep.last) < LATER_JOB))
    p, m = ep.person[later], ep.last[later]
    job_start = ep.end[later] + draws.integers(seed, S_LATER_DAYS, p, m, 60, 460)
    job_end, taken = _until_back(run, start, ep.after[later], job_start, np.full(len(p), OPEN), seed, p, m)
    add(p[taken], job_start[taken], job_end[taken], m[taken], 2)

    # Part-time work beside partial unemployment (DL).
    partial = np.flatnonzero(run.state == arena.DL)
    p, m = run.person[partial], run.first[partial]
    job_start = np.maximum(start[partial] - draws.integers(seed, S_DL_JOB, p, m, 30, 1530), earliest[p])
    job_end = np.where(end[partial] == OPEN, OPEN, end[partial] + draws.integers(seed, S_DL_JOB_END, p, m, 0, 90))
    add(p, job_start, job_end, m, 3, full_time=0.0)

    # Wage-subsidy measures are jobs with the subsidised employer, sometimes kept afterwards.
    measure = arena.measures(seed, run.person, run.first, run.state)
    subsidy_codes = [arena.MEASURE_CODES.index(code) for code in WAGE_SUBSIDY_MEASURES]
    subsidy = np.flatnonzero(run.arena & np.isin(measure, subsidy_codes))
    p, m = run.person[subsidy], run.first[subsidy]
    kept = (run.next(run.state)[subsidy] == arena.OUT_WORK) & (draws.uniform(seed, S_SUBSIDY, p, m) < SUBSIDY_JOB_KEPT)
    job_end = np.where(kept, OPEN, end[subsidy])
    add(p, start[subsidy], job_end, m, 4, full_time=0.7)

    person, job_start, job_end, employer = jobs.arrays()
    person, job_start, job_end, employer, half_hours = limits.apply(
        person, job_start, job_end, employer, np.concatenate(hours))
    return (person, job_start, job_end, employers[employer]), half_hours


def _until_back(run: arena.Runs, start: np.ndarray, after: np.ndarray, job_start: np.ndarray, planned: np.ndarray,
                seed: int, person: np.ndarray, month: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """End of a job held while out of Arena: as planned, but before the person comes back to
    Arena or retires (the run after the break); and whether the job was taken at all (not if
    it would start after that).

    Prefix-stable: a job an extract shows started before the person came back, so a later
    extract keeps it, and keeps its end if it was closed.
    """
    after_state = np.where(after >= 0, run.state[np.maximum(after, 0)], -1)
    stops = ((after_state >= arena.HL) & (after_state <= arena.RA)) | (after_state == arena.ALDR)
    returned = start[np.maximum(after, 0)]
    back = np.maximum(returned - 1 - draws.integers(seed, S_BACK_GAP, person, month, 0, 21), job_start)
    end = np.where(stops & ((planned == OPEN) | (planned >= returned)), back, planned)
    return end, ~stops | (returned > job_start)


def _half_hours(seed: int, person: np.ndarray, key: np.ndarray, full_time: float) -> np.ndarray:
    """Agreed weekly hours in half hours: 37.5 full time, 20-36 long part-time, 4-19.5 short."""
    u = draws.uniform(seed, S_HOURS_CLASS, person, key)
    v = draws.uniform(seed, S_HOURS, person, key)
    long_share = LONG_PART_TIME / (1 - FULL_TIME) * (1 - full_time)
    return np.where(u < full_time, 75, np.where(u < full_time + long_share, 40 + np.floor(v * 33),
                                                8 + np.floor(v * 32))).astype(np.int64)


def benefits(run: arena.Runs, start: np.ndarray, end: np.ndarray, ep: Episodes, plan: arena.Plan, persons,
             codes: dict[str, int], seed: int, limits: Limits, timeline: arena.Timeline) -> tuple[np.ndarray, ...]:
    """Benefit spells (person, start, end, benefit code index)."""
    table = Table.empty()
    age_months = ep.first - plan.birth_month[ep.person]
    open_end = np.iinfo(np.int64).max // 4

    # Dagpenger on job-seeker episodes (two years at most), sometimes graded beside a new job.
    chosen = np.flatnonzero((ep.main == arena.JOB_SEEKER) & (age_months >= 18 * 12)
                            & (draws.uniform(seed, S_DAGP, ep.person, ep.first) < DAGPENGER))
    p, m = ep.person[chosen], ep.first[chosen]
    begin = ep.start[chosen] + 7 + draws.integers(seed, S_DAGP_DAYS, p, m, 0, 21)
    stop = np.where(ep.end[chosen] == OPEN, open_end, ep.end[chosen])
    graded = (ep.next_state[chosen] == arena.OUT_WORK) & \
        (draws.uniform(seed, S_DAGP_GRADED, p, m) < DAGPENGER_BESIDE_WORK)
    stop = stop + np.where(graded, 30 + draws.integers(seed, S_DAGP_GRADED_DAYS, p, m, 0, 270), 0)
    stop = np.minimum(stop, begin + DAGPENGER_WEEKS * 7 - 1)
    table.add(p, begin, np.where(stop >= open_end, OPEN, stop), codes["DAGP"])
    dagpenger_episodes = chosen

    # AAP on reduced work capacity, sometimes continuing beside a new job; sickness benefit before.
    chosen = np.flatnonzero((ep.main == arena.REDUCED) & (draws.uniform(seed, S_AAP, ep.person, ep.first) < AAP))
    p, m = ep.person[chosen], ep.first[chosen]
    begin = ep.start[chosen] + draws.integers(seed, S_AAP_DAYS, p, m, 0, 21)
    beside = (ep.next_state[chosen] == arena.OUT_WORK) & (draws.uniform(seed, S_AAP_BESIDE, p, m) < AAP_BESIDE_WORK)
    stop = np.where(ep.end[chosen] == OPEN, OPEN,
                    ep.end[chosen] + np.where(beside, 60 + draws.integers(seed, S_AAP_BESIDE_DAYS, p, m, 0, 480), 0))
    table.add(p, begin, stop, codes["AAP"])
    aap_episodes = chosen
    sick = np.flatnonzero((ep.main == arena.REDUCED) & ep.entered
                          & (draws.uniform(seed, S_SYKP, ep.person, ep.first) < SICKNESS_BEFORE_AAP))
    length = 150 + draws.integers(seed, S_SYKP_DAYS, ep.person[sick], ep.first[sick], 0, 215)
    table.add(ep.person[sick], ep.start[sick] - length, ep.start[sick] - 1, codes["SYKP"])

    # Individstønad on a measure when the episode has neither dagpenger nor AAP.
    covered = np.zeros(len(ep.person), dtype=bool)
    covered[dagpenger_episodes] = covered[aap_episodes] = True
    on_measure = np.flatnonzero(((run.state == arena.AT) | (run.state == arena.NT))
                                & ~covered[np.maximum(ep.run_episode, 0)])
    on_measure = on_measure[draws.uniform(seed, S_INDS, run.person[on_measure], run.first[on_measure]) < INDIVIDSTONAD]
    table.add(run.person[on_measure], start[on_measure], end[on_measure], codes["INDS"])

    # Overgangsstønad: single mothers, before and beyond a job-seeker episode.
    female = persons.female[ep.person]
    chosen = np.flatnonzero((ep.main == arena.JOB_SEEKER) & female & (age_months >= 20 * 12) & (age_months < 46 * 12)
                            & (draws.uniform(seed, S_OVST, ep.person, ep.first) < OVERGANGSSTONAD))
    p, m = ep.person[chosen], ep.first[chosen]
    begin = ep.start[chosen] - draws.integers(seed, S_OVST_START, p, m, 0, 365)
    stop = np.where(ep.end[chosen] == OPEN, OPEN, ep.end[chosen] + 60 + draws.integers(seed, S_OVST_END, p, m, 0, 700))
    table.add(p, begin, stop, codes["OVST"])

    # Disability pension after an exit to it, until old-age pension takes over at 67.
    pension_month = plan.birth_month + arena.PENSION_AGE * 12
    chosen = np.flatnonzero(ep.next_state == arena.UFOR)
    p = ep.person[chosen]
    table.add(p, month_day(ep.last[chosen] + 2), month_day(pension_month[p] + 1) - 1, codes["UFOR"])

    # Old-age pension: early after an exit at 62-66, else from the month after turning 67.
    early = np.flatnonzero((ep.next_state == arena.ALDR) & (ep.last + 1 < pension_month[ep.person]))
    p = ep.person[early]
    table.add(p, month_day(ep.last[early] + 2), np.full(len(p), OPEN), codes["ALDR"])
    regular = np.setdiff1d(np.flatnonzero(pension_month + 1 < timeline.horizon), p)
    table.add(regular, month_day(pension_month[regular] + 1), np.full(len(regular), OPEN), codes["ALDR"])
    return limits.apply(*table.arrays())


def residence(plan: arena.Plan, limits: Limits, timeline: arena.Timeline) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Death and emigration events (person, died flag, day) registered by the extract day."""
    gone = np.flatnonzero(plan.gone_month < timeline.horizon)
    return gone, plan.died[gone], limits.gone_day[gone]
