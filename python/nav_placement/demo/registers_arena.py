"""Arena status histories: a monthly chain per person, cut into spells with day dates.

Each person's state at the end of every month is simulated for all persons at once (a loop
over months, never over persons): Arena statuses, out of Arena (after a job or not), pensioned
(disability, old age) or gone (died, emigrated). Leaving hazards differ by status and person,
people come back after one month (a break that is not an exit), two months (an exit) or later,
and move between job seeker and reduced work capacity, so NAV's exit rule has every case to
decide. Runs of one state become spells whose dates agree with the month-end reading: a spell
covers the last day of each month of its run and of no other month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nav_placement.demo import registers_draws as draws

# Chain states. 1-10 are Arena statuses, in the order of ARENA_CODES.
NEVER, HL, DL, AT, AA, NT, NV, NO, NP, NI, RA, OUT_WORK, OUT_OTHER, UFOR, ALDR, GONE = range(16)
ARENA_CODES = ("HL", "DL", "AT", "AA", "NT", "NV", "NO", "NP", "NI", "RA")
JOB_SEEKER, REDUCED, OTHER_REGISTERED = 1, 2, 3
MAIN = np.array([0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 0, 0, 0, 0, 0], dtype=np.int8)

START = np.datetime64("2011-01", "M")  # first reference month
OPEN = -(1 << 40)  # end day of an open spell (not -1: that is 31 December 1969, a birth date)
ENTRY_MONTHS = 36  # first registrations fall in 2011-2013, whatever the number of months simulated
FOLLOW_UP = 6  # months simulated after the last reference month: status six months after exit

# Monthly hazard of leaving Arena from each state (scaled by the person's pace).
LEAVE = np.zeros(16)
LEAVE[[HL, DL, AT, AA, NT, NV, NO, NP, NI, RA]] = [0.095, 0.07, 0.06, 0.11, 0.028, 0.034, 0.036, 0.034, 0.05, 0.4]
# Moves between Arena states of those staying (per month, from row state to column state).
MOVES = {
    HL: {DL: 0.02, AT: 0.035, AA: 0.01, RA: 0.01, NO: 0.005, NV: 0.002},
    DL: {HL: 0.05, AT: 0.008, RA: 0.004, NO: 0.003},
    AT: {HL: 0.2, DL: 0.01, AA: 0.015, NO: 0.005},
    AA: {HL: 0.05, AT: 0.025, RA: 0.01, NO: 0.004},
    NT: {NV: 0.07, NI: 0.008, HL: 0.01, AT: 0.003},
    NV: {NT: 0.08, NI: 0.008, HL: 0.012},
    NO: {NP: 0.12, NV: 0.03, HL: 0.012},
    NP: {NV: 0.12, NT: 0.06, HL: 0.008},
    NI: {NV: 0.025, HL: 0.025},
    RA: {HL: 0.1, NO: 0.01},
}
# Where those leaving go, by main status (job seeker, reduced work capacity, other registered).
TO_WORK = np.array([0.0, 0.64, 0.42, 0.3])
TO_DISABILITY = np.array([0.0, 0.004, 0.15, 0.0])
EARLY_PENSION_AGE, EARLY_PENSION = 62, 0.35  # share of leavers 62-66 taking old-age pension
PENSION_AGE = 67  # in the month of turning 67, everyone in or out of Arena goes on old-age pension
# Monthly hazard of coming back after 1, 2 and 3+ months out (after a job, after no job).
RETURN = np.array([[0.03, 0.018, 0.003], [0.06, 0.03, 0.006]])
SWITCH_ON_RETURN = 0.15  # comes back in the other main status
# Sub-status at entry (first registration or return).
ENTER_JOB_SEEKER = {HL: 0.72, DL: 0.1, AT: 0.06, AA: 0.12}
ENTER_REDUCED = {NO: 0.4, NV: 0.2, NP: 0.15, NT: 0.2, NI: 0.05}
STOCK_SHARE = 0.45  # registered before the window opens
STOCK_REDUCED = 2.0  # the stock holds more reduced work capacity: its spells last longer
ENTER_OTHER_REGISTERED = 0.03
PACE_SIGMA = 0.7  # spread of personal leaving hazards (long-term unemployed leave slowly)
# Monthly hazard of death at 40 (doubling about every 9 years of age) and of emigration by
# birth group (Norway, EEA, outside the EEA, unknown).
DEATH_AT_40, DEATH_GROWTH = 0.00012, 0.078
EMIGRATION = np.array([0.0003, 0.005, 0.0015, 0.003])
OFFICE_MOVE = 0.04  # persons followed up by another office from some month on
SIZE_WEIGHT = {"small": 1.0, "medium": 3.2, "large": 9.0}  # users per office by size class
BLIP_SHARE = 0.04  # out-of-Arena runs holding a short spell that covers no month end
# Measure codes (Arena tiltakskoder) on AT and NT spells, with relative frequency.
MEASURES_JOB_SEEKER = {"AMO": 24, "ENKELAMO": 8, "GRUPPEAMO": 10, "ARBTREN": 14, "PRAKSORD": 16,
                       "LONNTILS": 14, "JOBBK": 10, "INDOPPFAG": 4}
MEASURES_REDUCED = {"AVKLARAG": 18, "INDOPPFAG": 16, "ARBRRHDAG": 10, "ARBTREN": 16, "PRAKSKJERM": 8,
                    "LONNTILS": 8, "VARLONTIL": 4, "VASV": 8, "AMO": 12}
MEASURE_CODES = ("", *dict.fromkeys([*MEASURES_JOB_SEEKER, *MEASURES_REDUCED]))  # "" = not on a measure

# Keyed draw streams (registers_draws): one per purpose, never reused.
(S_LEAVE, S_MOVE, S_DEST, S_RETURN, S_RETURN_STATE, S_RETURN_MAIN, S_BOUNDARY, S_GONE_DAY, S_MEASURE,
 S_BLIP, S_BLIP_DAYS, S_BLIP_LENGTH, S_BLIP_MEASURE) = range(1, 14)


@dataclass(frozen=True)
class Timeline:
    """Months simulated: `months` reference months from January 2011 plus six of follow-up."""

    months: int

    @property
    def horizon(self) -> int:
        return self.months + FOLLOW_UP

    @property
    def month_start(self) -> np.ndarray:
        """First day (days since 1970) of each simulated month and of the month after."""
        return (START + np.arange(self.horizon + 1)).astype("datetime64[D]").astype(np.int64)

    @property
    def extract_day(self) -> int:
        """The extract holds what was known at the end of its last month."""
        return int(self.month_start[-1] - 1)

    @property
    def delivery_id(self) -> str:
        return str(START + self.horizon - 1)


@dataclass(frozen=True)
class Plan:
    """What the chain needs per person, drawn once (independent of the months simulated)."""

    birth_month: np.ndarray  # month index (0 = January 2011) of the birth month
    entry: np.ndarray  # month of first registration
    stock_days: np.ndarray  # days registered before 2011 (0 = not registered at the start)
    entry_state: np.ndarray
    pace: np.ndarray  # multiplies the leaving hazards
    gone_month: np.ndarray  # month of death or emigration (beyond any horizon if neither)
    died: np.ndarray
    office: np.ndarray  # office index followed up by, before move_month
    office_after: np.ndarray  # and from move_month on
    move_month: np.ndarray


def plan_people(persons, offices, rng: np.random.Generator, months: int) -> Plan:
    """Entry, pace, death or emigration and offices of every person.

    First registrations fall in 2011-2013 (or the months simulated, if fewer), so every person
    of the extract has an Arena spell.
    """
    n = len(persons.birth)
    birth_month = (persons.birth.astype("datetime64[M]") - START).astype(np.int64)
    first = np.maximum(birth_month + 16 * 12, 0)  # registers from 16
    last = np.minimum(birth_month + PENSION_AGE * 12, min(ENTRY_MONTHS, months))  # before old-age pension
    first = np.minimum(first, last - 1)
    stock = (first == 0) & (rng.random(n) < STOCK_SHARE)
    entry = np.where(stock, 0, first + np.floor(rng.random(n) * (last - first)).astype(np.int64))
    age = (entry - birth_month) / 12
    reduced_share = np.clip(0.08 + 0.012 * (age - 22), 0.04, 0.55) * np.where(persons.female, 1.2, 0.85)
    reduced_share = np.where(stock, np.minimum(STOCK_REDUCED * reduced_share, 0.9), reduced_share)
    u = rng.random(n)
    main = np.where(u < ENTER_OTHER_REGISTERED, OTHER_REGISTERED,
                    np.where(u < ENTER_OTHER_REGISTERED + reduced_share, REDUCED, JOB_SEEKER))
    entry_state = _sub_state(main, rng.random(n))
    stock_days = np.where(stock, 1 + np.floor(np.where(main == REDUCED, 1500, 420) * rng.random(n) ** 1.5), 0)
    pace = np.exp(rng.normal(-PACE_SIGMA**2 / 2, PACE_SIGMA, n))
    age_2012 = (12 - birth_month) / 12
    death = DEATH_AT_40 * np.exp(DEATH_GROWTH * (age_2012 - 40))
    hazard = death + EMIGRATION[persons.group]
    gone_month = entry + rng.geometric(hazard)
    died = rng.random(n) < death / hazard
    home, other, move_month = _offices(offices, n, rng)
    return Plan(birth_month, entry.astype(np.int64), stock_days.astype(np.int64), entry_state, pace,
                gone_month, died, home, other, move_month)


def _sub_state(main: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The status at entry of a person entering `main`."""
    result = np.full(len(main), RA, dtype=np.int8)
    for value, table in ((JOB_SEEKER, ENTER_JOB_SEEKER), (REDUCED, ENTER_REDUCED)):
        chosen = main == value
        cumulative = np.cumsum(list(table.values()))
        index = np.minimum(np.searchsorted(cumulative / cumulative[-1], u[chosen], side="right"), len(table) - 1)
        result[chosen] = np.array(list(table), dtype=np.int8)[index]
    return result


def _offices(offices, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Home office (larger offices follow more users), a second office for movers, the move month."""
    weights = offices["size_class"].map(SIZE_WEIGHT).to_numpy(dtype=float)
    home = rng.choice(len(offices), n, p=weights / weights.sum())
    other = rng.choice(len(offices), n, p=weights / weights.sum())
    move_month = np.where(rng.random(n) < OFFICE_MOVE, rng.integers(1, ENTRY_MONTHS + FOLLOW_UP, n), 1 << 30)
    return home, other, move_month


def simulate(plan: Plan, timeline: Timeline, seed: int) -> np.ndarray:
    """State at the end of every month, shape (persons, months simulated), int8."""
    n, horizon = len(plan.entry), timeline.horizon
    move_cumulative = _move_table()
    entering, pensioned, leaving_norway = (_by_month(month, horizon) for month in (
        plan.entry, plan.birth_month + PENSION_AGE * 12, plan.gone_month))
    history = np.zeros((horizon, n), dtype=np.int8)
    state = np.zeros(n, dtype=np.int8)
    months_out = np.zeros(n, dtype=np.int16)
    last_main = np.zeros(n, dtype=np.int8)  # the main status a person out of Arena left
    for t in range(horizon):
        new = state.copy()
        registered = np.flatnonzero((state >= HL) & (state <= RA))
        main = MAIN[state[registered]]
        counted = main != OTHER_REGISTERED
        last_main[registered[counted]] = main[counted]
        leave = draws.uniform(seed, S_LEAVE, registered, t) < np.minimum(
            LEAVE[state[registered]] * plan.pace[registered], 0.95)
        leaving, staying = registered[leave], registered[~leave]
        new[leaving] = _destination(leaving, state[leaving], t - plan.birth_month[leaving], seed, t)
        months_out[leaving] = 1
        step = (draws.uniform(seed, S_MOVE, staying, t)[:, None] >= move_cumulative[state[staying]]).sum(axis=1)
        moved = step < move_cumulative.shape[1]
        new[staying[moved]] = step[moved] + 1
        out = np.flatnonzero((state == OUT_WORK) | (state == OUT_OTHER))
        hazard = RETURN[state[out] - OUT_WORK, np.minimum(months_out[out], 3) - 1]
        back = draws.uniform(seed, S_RETURN, out, t) < hazard
        new[out[back]] = _return_state(out[back], last_main[out[back]], seed, t)
        months_out[out[~back]] += 1
        new[entering[t]] = plan.entry_state[entering[t]]
        old = pensioned[t]  # in or out of Arena, the month of turning 67 ends it (pensions stay)
        new[old[(new[old] >= HL) & (new[old] <= OUT_OTHER)]] = ALDR
        new[leaving_norway[t]] = GONE
        history[t] = state = new
    return np.ascontiguousarray(history.T)


def _by_month(month: np.ndarray, horizon: int) -> list[np.ndarray]:
    """For each month t < horizon, the persons whose `month` is t."""
    order = np.argsort(month, kind="stable")
    bounds = np.searchsorted(month[order], np.arange(horizon + 1))
    return [order[bounds[t]:bounds[t + 1]] for t in range(horizon)]


def _move_table() -> np.ndarray:
    """Cumulative move probabilities per state over Arena states HL..RA.

    The target of a draw u is the first column whose cumulative value exceeds u; a draw at or
    above the row total (always, for a row of zeros) keeps the state.
    """
    table = np.zeros((16, 10))
    for origin, targets in MOVES.items():
        for target, probability in targets.items():
            table[origin, target - 1] = probability
    return np.cumsum(table, axis=1)


def _destination(index: np.ndarray, state: np.ndarray, age_months: np.ndarray, seed: int, t: int) -> np.ndarray:
    """Where a person leaving Arena goes: work, elsewhere, disability or old-age pension."""
    main = MAIN[state]
    u = draws.uniform(seed, S_DEST, index, t)
    pension = np.where(age_months >= EARLY_PENSION_AGE * 12, EARLY_PENSION, 0.0)
    disability = (1 - pension) * np.where(age_months >= 18 * 12, TO_DISABILITY[main], 0.0)
    work = (1 - pension) * TO_WORK[main]
    return np.select([u < pension, u < pension + disability, u < pension + disability + work],
                     [ALDR, UFOR, OUT_WORK], OUT_OTHER).astype(np.int8)


def _return_state(index: np.ndarray, last_main: np.ndarray, seed: int, t: int) -> np.ndarray:
    """The status of a person coming back: mostly the main status left, at an entry sub-status."""
    main = np.where(last_main == REDUCED, REDUCED, JOB_SEEKER)
    switch = draws.uniform(seed, S_RETURN_MAIN, index, t) < SWITCH_ON_RETURN
    main = np.where(switch, JOB_SEEKER + REDUCED - main, main)
    return _sub_state(main, draws.uniform(seed, S_RETURN_STATE, index, t))


@dataclass(frozen=True)
class Runs:
    """Maximal runs of one state per person, in person and month order."""

    person: np.ndarray
    first: np.ndarray  # first month of the run
    last: np.ndarray  # last month of the run
    state: np.ndarray
    has_prev: np.ndarray  # the person has a run before / after this one
    has_next: np.ndarray

    @property
    def arena(self) -> np.ndarray:
        return (self.state >= HL) & (self.state <= RA)

    def prev(self, values: np.ndarray, missing=-1) -> np.ndarray:
        return np.where(self.has_prev, np.roll(values, 1), missing)

    def next(self, values: np.ndarray, missing=-1) -> np.ndarray:
        return np.where(self.has_next, np.roll(values, -1), missing)


def runs(history: np.ndarray) -> Runs:
    """Run-length encoding of every person's monthly states (vectorised over the flat array)."""
    n, horizon = history.shape
    flat = history.ravel()
    starts = np.empty(flat.size, dtype=bool)
    starts[0] = True
    np.not_equal(flat[1:], flat[:-1], out=starts[1:])
    starts[::horizon] = True
    index = np.flatnonzero(starts)
    person = index // horizon
    last = np.append(index[1:], flat.size) - 1 - person * horizon
    same_next = np.append(person[1:] == person[:-1], False)
    same_prev = np.roll(same_next, 1)
    return Runs(person, index - person * horizon, last, flat[index], same_prev, same_next)


def boundary_day(seed: int, person: np.ndarray, month: np.ndarray, month_start: np.ndarray) -> np.ndarray:
    """The day in `month` on which a person's state changed (its month-end reading changed).

    Keyed on (person, month) so the spell that ends and the one that starts agree.
    """
    length = month_start[month + 1] - month_start[month]
    return month_start[month] + np.floor(draws.uniform(seed, S_BOUNDARY, person, month) * length).astype(np.int64)


def gone_day(plan: Plan, seed: int, person: np.ndarray, month_start: np.ndarray) -> np.ndarray:
    """Day of death or emigration: never the month's last day, so that month's end sees it."""
    month = plan.gone_month[person]
    length = month_start[month + 1] - month_start[month]
    return month_start[month] + np.floor(draws.uniform(seed, S_GONE_DAY, person) * (length - 1)).astype(np.int64)


@dataclass(frozen=True)
class Spells:
    """Arena spells; `end` is OPEN for an open spell."""

    person: np.ndarray
    state: np.ndarray
    start: np.ndarray
    end: np.ndarray
    measure: np.ndarray  # index into MEASURE_CODES, 0 = none
    office: np.ndarray  # index into the office list


def run_dates(run: Runs, plan: Plan, timeline: Timeline, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end day of every run (end OPEN where the run reaches the extract).

    A run's start is its state change day; an Arena run at month 0 of a person registered
    before 2011 started `stock_days` before; an Arena run followed by death or emigration ends
    that day; a run reaching the extract's last month is open.
    """
    month_start = timeline.month_start
    start = boundary_day(seed, run.person, run.first, month_start)
    stocked = run.arena & (run.first == 0) & (plan.stock_days[run.person] > 0)
    start[stocked] = month_start[0] - plan.stock_days[run.person[stocked]]
    end = np.full(len(run.person), OPEN, dtype=np.int64)
    closing = run.has_next
    end[closing] = boundary_day(seed, run.person[closing], run.last[closing] + 1, month_start) - 1
    dying = closing & (run.next(run.state) == GONE)
    end[dying] = gone_day(plan, seed, run.person[dying], month_start)
    return start, end


def arena_spells(run: Runs, start: np.ndarray, end: np.ndarray, plan: Plan, timeline: Timeline, seed: int) -> Spells:
    """One spell per Arena run, plus short spells inside some breaks that cover no month end."""
    arena = np.flatnonzero(run.arena)
    person, state = run.person[arena], run.state[arena]
    measure = measures(seed, person, run.first[arena], state)
    office = np.where(run.first[arena] < plan.move_month[person], plan.office[person], plan.office_after[person])
    # Blips: a spell of the status just left, a few days inside the second month of a break.
    prev_state = run.prev(run.state)
    candidates = np.flatnonzero(((run.state == OUT_WORK) | (run.state == OUT_OTHER)) & (run.last > run.first)
                                & (prev_state >= HL) & (prev_state <= RA))
    blip = candidates[draws.uniform(seed, S_BLIP, run.person[candidates], run.first[candidates]) < BLIP_SHARE]
    b_person, b_month = run.person[blip], run.first[blip] + 1
    b_state = prev_state[blip]
    b_start = timeline.month_start[b_month] + draws.integers(seed, S_BLIP_DAYS, b_person, b_month, 0, 10)
    b_end = b_start + 3 + draws.integers(seed, S_BLIP_LENGTH, b_person, b_month, 0, 11)
    b_office = np.where(b_month < plan.move_month[b_person], plan.office[b_person], plan.office_after[b_person])
    b_measure = measures(seed, b_person, b_month, b_state, S_BLIP_MEASURE)
    # Both lists are in (person, start) order: place the blips among the spells by a merge.
    at = np.searchsorted(person * (1 << 20) + start[arena], b_person * (1 << 20) + b_start) + np.arange(len(blip))
    is_blip = np.zeros(len(arena) + len(blip), dtype=bool)
    is_blip[at] = True
    columns = []
    for main, extra in ((person, b_person), (state, b_state), (start[arena], b_start), (end[arena], b_end),
                        (measure, b_measure), (office, b_office)):
        column = np.empty(len(is_blip), dtype=main.dtype)
        column[~is_blip], column[is_blip] = main, extra
        columns.append(column)
    return Spells(*columns)


def measures(seed: int, person: np.ndarray, month: np.ndarray, state: np.ndarray,
             stream: int = S_MEASURE) -> np.ndarray:
    """Index into MEASURE_CODES of the measure of an AT or NT run starting in `month` (0 elsewhere)."""
    result = np.zeros(len(person), dtype=np.int64)
    for status, table in ((AT, MEASURES_JOB_SEEKER), (NT, MEASURES_REDUCED)):
        chosen = state == status
        picked = draws.pick(seed, stream, person[chosen], month[chosen], np.array(list(table.values())))
        result[chosen] = np.array([MEASURE_CODES.index(code) for code in table])[picked]
    return result
