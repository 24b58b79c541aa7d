"""Register rows of the follow-up survey's persons ("planted" on top of the background population).

Every person of the frame (followup_frame) gets hand-built Arena, AA, benefit and (a few)
residence rows so that NAV's exit rule (DESIGN.md, status at month end) finds the frame's exit
in its `avgangsmaned`, from the frame's stratum, with the reclassification, the measure in the
six months before, the long-term spell and the 2012-2013 benefits the plan says; and so the
answers (followup_answers) agree with the registers on 2014-06-30 (AA job, disability pension).

The templates vary so the rule has to be applied, not guessed: sub-status changes, a one-month
break before the exit (not an exit), moves between the statuses before the exit (an exit of
their own, in another month), reduced work capacity ending exactly six months before a job
seeker's exit (not reclassified) or one to five months before (reclassified), measures ending
just before the six-month window, long-term HL spells split at an office move (contiguous),
other registration (RA) or a spell inside one month (covering no month end) in the two months
after the exit, moves to the other status the month after (an exit: post-2011 rule), and
re-registration from m + 3 on, open at the extract. No planted person has another exit in the
month of the frame's exit: the month ends of m, m + 1 and m + 2 see only the exit spell.

All vectorised over the 8 439 persons (one pass per template slot), deterministic for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from nav_placement.demo import registers_arena as arena
from nav_placement.demo import registers_seeds as seeds
from nav_placement.demo.followup_answers import (JOB_SEEKER, NAV_MEASURE, OLD_AGE, SICK, TRAINEE, WORK,
                                                 followup_answers)
from nav_placement.demo.followup_frame import NOT_INVITED, frame_plan, month_start
from nav_placement.demo.registers_persons import organisation_numbers

OPEN = arena.OPEN
DAY_2014 = int(month_start(36))  # 2014-01-01
JUNE_30 = int(month_start(42)) - 1  # 2014-06-30, the extract's last day (months=36)
LAST_MONTH = 41  # June 2014
GONE = 40  # not-invited persons who emigrated or died in January-April 2014 (not drawn for letters)
EMPLOYERS = 1_500
JS_CODES, NAE_CODES = ("HL", "DL", "AA"), ("NO", "NP", "NV", "NI")

S_REGISTERS, S_EMPLOYER_NUMBERS = 3_016, 3_017


@dataclass(frozen=True)
class Planted:
    """Rows per extract as arrays; `person` indexes the frame plan's rows."""

    persons: dict
    arena: dict
    aa: dict
    benefits: dict
    residence: dict


@cache
def planted_registers(seed: int = 2014) -> Planted:
    return _Planter(seed).build()


class _Rows:
    def __init__(self, *names):
        self.names, self.parts = names, {name: [] for name in names}

    def add(self, mask, **columns):
        idx = np.flatnonzero(mask)
        for name in self.names:
            value = columns[name]
            value = np.broadcast_to(value, mask.shape)[idx] if np.ndim(value) else np.full(len(idx), value)
            self.parts[name].append(value)

    def arrays(self) -> dict:
        return {name: np.concatenate(parts) for name, parts in self.parts.items()}


class _Planter:
    def __init__(self, seed: int):
        self.seed = seed
        self.f = f = frame_plan(seed)
        self.rng = np.random.default_rng([seed, S_REGISTERS])
        self.n = n = len(f)
        self.m = f["exit_month"].to_numpy()
        self.X = f["exit_end"].to_numpy()
        self.code = f["exit_code"].to_numpy().astype(str)
        self.s3 = f["status3"].to_numpy()
        self.measure = f["measure"].to_numpy()
        self.lt = f["long_term"].to_numpy()
        self.aap = f["aap"].to_numpy()
        self.dagp = f["dagpenger"].to_numpy()
        self.band = f["age_band"].to_numpy()
        self.age = f["age"].to_numpy()
        self.birth = f["birth"].to_numpy()
        self.office = f["office"].to_numpy()
        self.offices = len(seeds.offices(seed))
        # the month of the 16th birthday plus one: nothing registered before
        birth_month = (self.birth.astype("datetime64[D]").astype("datetime64[M]")
                       - np.datetime64("2011-01", "M")).astype(np.int64)
        self.min_month = birth_month + 16 * 12 + 1
        # answers' facts on the frame's rows (-1 / False for persons without an answer)
        facts = followup_answers(seed).facts
        rows = facts["frame_row"].to_numpy()
        self.answered = np.zeros(n, dtype=bool)
        self.answered[rows] = True

        def on_frame(column, fill):
            values = np.full(n, fill, dtype=np.asarray(facts[column]).dtype)
            values[rows] = facts[column].to_numpy()
            return values

        self.status = on_frame("status", -1)
        for column in ("aa_june", "ufor_register", "q8_01", "q8_02", "q8_03", "q8_04", "q8_05", "q8_06",
                       "self_employed", "worked_since"):
            setattr(self, column, on_frame(column, False))
        self.hours_class = on_frame("hours_class", -1)
        self.hours = on_frame("hours", 0)
        self.job_start = on_frame("job_start", 0)
        self.arena = _Rows("person", "status", "start", "end", "measure", "office")
        self.aa = _Rows("person", "orgnr", "start", "end", "half_hours")
        self.benefits = _Rows("person", "code", "start", "end")

    # -- tools ------------------------------------------------------------------------------------

    def u(self) -> np.ndarray:
        return self.rng.random(self.n)

    def months(self, low, high) -> np.ndarray:
        """A whole month in [low, high] per person (arrays or numbers)."""
        low, high = np.broadcast_to(low, (self.n,)), np.broadcast_to(high, (self.n,))
        return low + np.floor(self.u() * (high - low + 1)).astype(np.int64)

    def day_in(self, month, last_day=True) -> np.ndarray:
        """A day of `month`; with last_day=False never its last day (the month end stays uncovered)."""
        start = month_start(month)
        length = month_start(np.asarray(month) + 1) - start - (0 if last_day else 1)
        return start + np.floor(self.u() * length).astype(np.int64)

    def pick(self, options, weights=None) -> np.ndarray:
        p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
        return np.asarray(options)[self.rng.choice(len(options), self.n, p=p)]

    def measure_code(self, status: np.ndarray) -> np.ndarray:
        at = self.pick(list(arena.MEASURES_JOB_SEEKER), list(arena.MEASURES_JOB_SEEKER.values()))
        nt = self.pick(list(arena.MEASURES_REDUCED), list(arena.MEASURES_REDUCED.values()))
        return np.where(status == "AT", at, np.where(status == "NT", nt, ""))

    def spell(self, mask, status, start, end, office=None) -> None:
        status = np.broadcast_to(np.asarray(status, dtype=object), (self.n,)).astype(str)
        self.arena.add(mask, person=np.arange(self.n), status=status, start=start, end=end,
                       measure=self.measure_code(status), office=self.office if office is None else office)

    def other_of(self, codes, avoid) -> np.ndarray:
        """A code of `codes` different from `avoid` (per person)."""
        first, second = self.pick(codes), self.pick(codes)
        fallback = np.where(avoid == codes[0], codes[1], codes[0])
        return np.where(first == avoid, np.where(second == avoid, fallback, second), first)

    # -- the exit and what leads up to it -----------------------------------------------------------

    def build(self) -> Planted:
        self.gone()
        self.job_seekers()
        self.reclassified()
        self.reduced()
        self.after_exit()
        self.employment()
        self.benefit_spells()
        return self.result()

    def gone(self) -> None:
        """Some not-invited persons emigrated or died after the exit, before the letters went out."""
        pool = np.flatnonzero((self.f["disposition"].to_numpy() == NOT_INVITED) & ~self.answered & (self.m <= 33))
        chosen = self.rng.choice(pool, GONE, replace=False)
        self.gone_mask = np.zeros(self.n, dtype=bool)
        self.gone_mask[chosen] = True
        self.gone_day = np.full(self.n, np.iinfo(np.int64).max // 4, dtype=np.int64)
        first, last = int(month_start(36)) + 4, int(month_start(40)) - 6
        self.gone_day[chosen] = first + np.floor(self.rng.random(GONE) * (last - first)).astype(np.int64)
        self.died = self.gone_mask & (self.u() < 0.25)

    def job_seekers(self) -> None:
        """Job seekers not reclassified: long-term HL, or an exit spell after 0-1 earlier spells."""
        m, X, code = self.m, self.X, self.code
        js = self.s3 == 0
        lt = js & self.lt
        # long-term: HL since 7-20 months before, sometimes split at an office move (contiguous)
        a = np.maximum(self.months(m - 20, m - 7), self.min_month)
        A = self.day_in(a)
        split = lt & (self.u() < 0.2)
        B = self.day_in(self.months(a + 1, m - 1))
        moved = np.where(self.u() < 0.7, self.pick(np.arange(self.offices)), self.office)
        self.spell(lt & ~split, "HL", A, X)
        self.spell(split, "HL", A, B - 1)
        self.spell(split, "HL", B, X, office=moved)
        self.js_start = np.where(lt, A, 0)
        # the others: an exit spell from e0 (HL from m-4 at the earliest: no 26 weeks of HL),
        # after a previous spell (a measure when the measure is not the exit spell; otherwise
        # another job-seeker status), contiguous or after a one-month break
        short = js & ~lt
        early_nae = short & self.aap
        needs_measure = self.measure & (code != "AT")
        e0 = np.where(early_nae, self.months(m - 3, m),
                      np.where((code == "HL") | needs_measure, self.months(m - 4, m), self.months(m - 8, m)))
        pre = short & (needs_measure | early_nae | (self.u() < 0.45))
        brk = pre & (self.u() < 0.18)
        brk &= np.where(early_nae, e0 >= m - 3, True)
        p0 = np.where(early_nae, m - 5, np.where(brk, e0 - 2 - np.floor(self.u() * 4), e0 - 1 - np.floor(self.u() * 5)))
        p0 = np.maximum(p0.astype(np.int64), self.min_month)
        brk &= p0 <= e0 - 2
        # reduced work capacity ending in month m-5 (last month end covered: m-6, six months before)
        n0 = np.maximum(self.months(m - 18, m - 8), self.min_month)
        N0, N1 = self.day_in(n0), self.day_in(m - 5, last_day=False)
        self.spell(early_nae, self.pick(["NO", "NV", "NP"]), N0, N1)
        self.early_nae_dates = (N0, N1)
        P0 = np.where(early_nae, N1 + 1, self.day_in(p0))
        E0 = self.day_in(e0)
        pre_end = np.where(brk, self.day_in(e0 - 1, last_day=False), E0 - 1)
        pre_code = np.where(needs_measure, "AT", self.other_of(JS_CODES, code))
        self.spell(pre, pre_code, P0, pre_end)
        self.spell(short, code, E0, X)
        # an earlier measure that ended before the six-month window (an exit of its own, months before)
        first_month = np.where(pre, p0, e0)
        early_at = short & ~self.measure & ~early_nae & (first_month >= m - 5) & (self.u() < 0.2)
        q0 = np.maximum(self.months(m - 12, m - 8), self.min_month)
        early_at &= q0 <= m - 8
        self.spell(early_at, "AT", self.day_in(q0), self.day_in(m - 7, last_day=False))
        self.js_start = np.where(short, np.where(pre, P0, E0), self.js_start)
        self.measure_spells = [(pre & (pre_code == "AT"), P0, pre_end), (short & (code == "AT"), E0, X)]
        self.first_day = np.where(lt, A, np.where(early_nae, N0, np.where(early_at, month_start(q0), self.js_start)))

    def reclassified(self) -> None:
        """Reduced work capacity until month m-j+1 (j = 1..5), then the job-seeker exit spell."""
        m, X, code = self.m, self.X, self.code
        recl = self.s3 == 1
        j = self.months(1, 5)
        N1 = self.day_in(m - j + 1, last_day=False)
        n0 = np.maximum(m - j - self.months(3, 18), self.min_month)
        N0 = self.day_in(n0)
        needs_nt = self.measure & (code != "AT")
        two = recl & (needs_nt | (self.u() < 0.4)) & (n0 <= m - j - 1)
        nb = self.months(np.maximum(n0 + 1, m - j - 2), m - j)
        Nb = self.day_in(nb)
        first_code = self.pick(["NO", "NP", "NV"])
        last_code = np.where(needs_nt, "NT", self.other_of(NAE_CODES, first_code))
        self.spell(recl & ~two, np.where(needs_nt, "NT", first_code), N0, N1)
        self.spell(two, first_code, N0, Nb - 1)
        self.spell(two, last_code, Nb, N1)
        self.spell(recl, code, N1 + 1, X)
        self.js_start = np.where(recl, N1 + 1, self.js_start)
        self.nae_dates = (np.where(recl, N0, 0), np.where(recl, N1, 0))
        nt_start = np.where(two, Nb, N0)
        self.measure_spells += [(recl & needs_nt, nt_start, N1), (recl & (code == "AT"), N1 + 1, X)]
        self.first_day = np.where(recl, N0, self.first_day)

    def reduced(self) -> None:
        """Reduced work capacity: one to three spells (NO -> NP -> NV -> NT ...), an NT spell just
        before the exit spell for measure participants not on a measure at the exit, a one-month
        break now and then, and an earlier job-seeker episode for some (a move, its own exit)."""
        m, X, code = self.m, self.X, self.code
        nae = self.s3 == 2
        a = np.maximum(self.months(m - 30, m - 3), self.min_month)
        A = self.day_in(a)
        needs_nt = self.measure & (code != "NT")
        k = np.where(needs_nt, 2 + (self.u() < 0.4), 1 + np.floor(self.u() * 3).astype(np.int64))
        b2 = np.where(needs_nt, self.months(np.maximum(m - 4, a + 1), m), self.months(np.maximum(a + 1, m - 12), m))
        k = np.where(b2 <= a, 1, k)
        b1 = self.months(a + 1, b2 - 1)
        k = np.where((k == 3) & (b1 >= b2), 2, k)
        brk = (k >= 2) & (self.u() < 0.12)
        previous_start_month = np.where(k == 3, b1, a)
        brk &= previous_start_month <= b2 - 2
        B1, B2 = self.day_in(b1), self.day_in(b2)
        c1 = self.pick(["NO", "NP", "NV", "NI"], [0.45, 0.2, 0.25, 0.1])
        early_nt = (k == 3) & ~self.measure & (b1 <= m - 6) & (self.u() < 0.4)
        c1 = np.where(early_nt | (needs_nt & (k == 3) & (self.u() < 0.3) & (b1 <= m - 6)), "NT", c1)
        c2 = np.where(needs_nt, "NT", self.other_of(NAE_CODES, code))
        before_exit_end = np.where(brk, self.day_in(b2 - 1, last_day=False), B2 - 1)
        self.spell(nae & (k == 1), code, A, X)
        self.spell(nae & (k == 2), c2, A, before_exit_end)
        self.spell(nae & (k == 3), c1, A, B1 - 1)
        self.spell(nae & (k == 3), c2, B1, before_exit_end)
        self.spell(nae & (k >= 2), code, B2, X)
        # an earlier job-seeker episode moving into reduced work capacity
        j0 = np.maximum(self.months(a - 10, a - 2), self.min_month)
        earlier = nae & (self.u() < 0.15) & (j0 <= a - 1)
        J0 = self.day_in(j0)
        self.spell(earlier, self.pick(["HL", "AA"], [0.7, 0.3]), J0, A - 1)
        self.nae_start = np.where(nae, A, 0)
        self.nae_entered = nae & ~earlier
        c2_start = np.where(k == 3, B1, A)
        self.measure_spells += [(nae & (k >= 2) & (c2 == "NT"), c2_start, before_exit_end),
                                (nae & (k == 3) & (c1 == "NT"), A, B1 - 1),
                                (nae & (code == "NT"), np.where(k == 1, A, B2), X)]
        self.first_day = np.where(nae, np.where(earlier, J0, A), self.first_day)

    # -- after the exit ---------------------------------------------------------------------------------

    def after_exit(self) -> None:
        """Moves to the other status the month after, re-registration from m + 3, and the traps
        (other registration, a spell covering no month end) in the two months after."""
        m, X, n = self.m, self.X, self.n
        arbs = self.s3 <= 1
        status, answered = self.status, self.answered
        u = self.u()
        # moves the day after the exit spell: to reduced work capacity (job seekers now sick),
        # to job seeker (reduced work capacity, now job seekers)
        move = np.where(answered,
                        (arbs & (status == SICK) & (u < 0.25)) | (~arbs & (status == JOB_SEEKER) & (u < 0.5)),
                        u < np.where(arbs, 0.03, 0.08))
        u = self.u()
        rereg = ~move & np.where(
            answered,
            ((status == JOB_SEEKER) & (u < 0.7)) | ((status == NAV_MEASURE) & (u < 0.7))
            | ((status == SICK) & ~arbs & (u < 0.4)) | ((status == TRAINEE) & (u < 0.3)),
            u < np.where(arbs, 0.12, 0.10))
        move &= ~self.gone_mask
        rereg &= ~self.gone_mask
        # to which status: measure participants on a measure, the sick with reduced capacity
        to_nae = np.where(move, arbs, np.where(answered & (status == SICK), True,
                                               np.where(answered & (status == JOB_SEEKER), False, ~arbs)))
        on_measure = answered & ((status == NAV_MEASURE) | (status == TRAINEE))
        new_code = np.where(to_nae, np.where(on_measure, "NT", self.pick(["NO", "NV", "NP"])),
                            np.where(on_measure, "AT", self.pick(["HL", "HL", "DL", "AA"])))
        open_ = self.u() < 0.75
        r = self.months(m + 3, np.minimum(m + 12, LAST_MONTH))
        R = np.where(move, X + 1, self.day_in(r))
        end = np.where(open_, OPEN, self.day_in(np.minimum(np.where(move, m + 1, r) + self.months(2, 8), 44)))
        end = np.where((end != OPEN) & (end < R), R + 20, end)
        office = np.where(self.u() < 0.8, self.office, self.pick(np.arange(self.offices)))
        self.spell(move | rereg, new_code, R, end, office=office)
        self.back = move | rereg
        self.back_start = np.where(self.back, R, 0)
        self.back_code = new_code
        self.back_end = end
        self.measure_spells.append((self.back & np.isin(new_code, ["AT", "NT"]), R, end))
        # traps: other registration right after, or a spell inside month m + 2
        u = self.u()
        quiet = ~move & ~self.gone_mask
        ra = quiet & (u < 0.05)
        blip = quiet & (u >= 0.05) & (u < 0.10)
        self.spell(ra, "RA", X + 1, X + 5 + np.floor(self.u() * 20).astype(np.int64))
        blip_start = month_start(m + 2) + 3 + np.floor(self.u() * 8).astype(np.int64)
        same = np.where(arbs, self.pick(["HL", "AA"]), self.pick(["NO", "NV"]))
        self.spell(blip, same, blip_start, blip_start + 3 + np.floor(self.u() * 10).astype(np.int64))

    # -- AA-register ------------------------------------------------------------------------------------

    def employment(self) -> None:
        n, X, m = self.n, self.X, self.m
        rng = np.random.default_rng([self.seed, S_EMPLOYER_NUMBERS])
        numbers = organisation_numbers(EMPLOYERS, rng)
        sizes = np.exp(rng.normal(0, 1.6, EMPLOYERS))
        earliest = self.birth + 16 * 365 + 5
        arbs = self.s3 <= 1

        def employer():
            return numbers[self.rng.choice(EMPLOYERS, n, p=sizes / sizes.sum())]

        def half_hours(hours_class, hours):
            v = self.u()
            drawn = np.where(v < 0.6, 75, np.where(v < 0.85, 40 + np.floor(self.u() * 33), 8 + np.floor(self.u() * 32)))
            given = np.select([hours_class == 0, hours_class == 1, hours_class == 2],
                              [75, np.clip(2 * hours, 40, 72), np.clip(2 * hours, 8, 39)], drawn)
            return given.astype(np.int64)

        # a job before registering: given up by job seekers, kept a while by reduced work capacity
        first = self.first_day
        before = self.u() < np.where(arbs, 0.6, 0.5)
        end = np.where(arbs, first - 1 - np.floor(self.u() * 30), first + np.floor(self.u() * 150)).astype(np.int64)
        end = np.minimum(end, X - 20)
        start = np.maximum(end - 180 - np.floor(self.u() * 3000).astype(np.int64), earliest)
        self.aa.add(before & (start <= end), person=np.arange(n), orgnr=employer(), start=start, end=end,
                    half_hours=half_hours(np.full(n, -1), 0))
        # the job of the answers: on 2014-06-30, or held a while and ended before
        job_start = np.where(self.answered, self.job_start, X - 14 + np.floor(self.u() * 180).astype(np.int64))
        job_start = np.maximum(job_start, X - 14)
        june = self.answered & self.aa_june
        ended = self.answered & ~self.aa_june & self.worked_since & ~self.self_employed & (self.u() < 0.6)
        length = 30 + np.floor(self.u() * 200).astype(np.int64)
        ended_end = np.minimum(job_start + length, JUNE_30 - 10)
        ended &= job_start < ended_end
        # those who did not answer: a job after the exit for about half
        other = ~self.answered & ~self.gone_mask & (self.u() < np.where(arbs, 0.55, 0.4))
        other &= ~self.back | (self.back_start > job_start + 90)
        other_end = np.where(self.u() < 0.8, OPEN, job_start + 60 + np.floor(self.u() * 400).astype(np.int64))
        other_end = np.where(self.back & (other_end == OPEN), self.back_start - 1 - np.floor(self.u() * 20), other_end)
        hours = half_hours(self.hours_class, self.hours)
        self.aa.add(june, person=np.arange(n), orgnr=employer(), start=job_start, end=OPEN, half_hours=hours)
        self.aa.add(ended, person=np.arange(n), orgnr=employer(), start=job_start, end=ended_end, half_hours=hours)
        self.aa.add(other, person=np.arange(n), orgnr=employer(), start=job_start,
                    end=other_end.astype(np.int64), half_hours=hours)

    # -- benefits ------------------------------------------------------------------------------------------

    def benefit_spells(self) -> None:
        n, X, m = self.n, self.X, self.m
        arbs = self.s3 <= 1
        add = self.benefits.add
        person = np.arange(n)
        # dagpenger on the job-seeker episode (2012-2013); graded beside a job for some who say so
        start = self.js_start + np.floor(self.u() * np.minimum(28, X - self.js_start + 1)).astype(np.int64)
        start = np.minimum(start, month_start(m + 1) - 1)  # by the exit month's end: in 2012-2013
        keeps = self.answered & self.q8_05 & ~self.back
        end = np.where(keeps, OPEN, np.minimum(X, start + 727))
        add(self.dagp, person=person, code="DAGP", start=start, end=end)
        # dagpenger now, for those re-registered (or saying so without the 2012-2013 spell): from 2014
        now = self.answered & self.q8_05 & ~(self.dagp & keeps)
        now_start = np.where(self.back, np.maximum(self.back_start + 10, DAY_2014), DAY_2014 + 20
                             + np.floor(self.u() * 120).astype(np.int64))
        now_start = np.where(self.dagp, np.where(self.back, self.back_start + 10, now_start), now_start)
        add(now & (now_start <= JUNE_30), person=person, code="DAGP", start=now_start, end=OPEN)
        # AAP on reduced work capacity (2012-2013), continuing for those who still have it
        keeps = self.answered & self.q8_03 & ~self.back
        nae_start = np.where(self.s3 == 2, self.nae_start, np.where(self.s3 == 1, self.nae_dates[0],
                                                                    self.early_nae_dates[0]))
        nae_end = np.where(self.s3 == 2, X, np.where(self.s3 == 1, self.nae_dates[1], self.early_nae_dates[1]))
        beside = ~self.answered & (self.s3 == 2) & (self.u() < 0.2)
        start = nae_start + np.floor(self.u() * 21).astype(np.int64)
        start = np.minimum(start, nae_end)
        end = np.where(keeps | beside, OPEN, nae_end)
        add(self.aap, person=person, code="AAP", start=start, end=end)
        now = self.answered & self.q8_03 & ~(self.aap & keeps)
        now_start = np.where(self.back, self.back_start + 5, DAY_2014 + 10 + np.floor(self.u() * 120).astype(np.int64))
        now_start = np.where(self.aap, now_start, np.maximum(now_start, DAY_2014))
        add(now & (now_start <= JUNE_30), person=person, code="AAP", start=now_start, end=OPEN)
        # sickness benefit before entering reduced work capacity, and now for those who say so
        sick_before = self.nae_entered & (self.u() < 0.5)
        length = 150 + np.floor(self.u() * 215).astype(np.int64)
        add(sick_before, person=person, code="SYKP", start=self.nae_start - length, end=self.nae_start - 1)
        sick_now = self.answered & self.q8_04
        add(sick_now, person=person, code="SYKP", start=int(month_start(39)) + np.floor(self.u() * 60).astype(np.int64),
            end=OPEN)
        # individstønad on measures without dagpenger or AAP
        uncovered = ~self.dagp & ~self.aap
        for mask, start, end in self.measure_spells:
            add(mask & uncovered & (self.u() < 0.7), person=person, code="INDS", start=start, end=end)
        # disability pension: the answers' register flag, and a share of the rest
        status = self.status
        ufor_month = np.where(status == WORK, self.months(m - 2, m + 6),
                              np.where(self.answered & ~self.q8_01, self.months(38, 41), self.months(m + 2, m + 8)))
        ufor = np.where(self.answered, self.ufor_register, ~self.gone_mask & (self.u() < np.where(arbs, 0.004, 0.12)))
        add(ufor, person=person, code="UFOR", start=month_start(np.minimum(ufor_month, LAST_MONTH)), end=OPEN)
        # old-age pension (or AFP) from 62 for those who say so, and some of the oldest others
        month_62 = (self.birth.astype("datetime64[D]").astype("datetime64[M]") - np.datetime64("2011-01", "M")) \
            .astype(np.int64) + 62 * 12 + 1
        pension_month = np.maximum(m + 2, month_62)
        pension = np.where(self.answered, self.q8_02 & (status == OLD_AGE),
                           ~self.gone_mask & (self.age >= 62) & (self.u() < 0.3))
        pension |= self.answered & self.q8_02 & (self.age >= 61)
        add(pension & (pension_month <= LAST_MONTH), person=person, code="ALDR", start=month_start(pension_month),
            end=OPEN)

    # -- output -----------------------------------------------------------------------------------------

    def result(self) -> Planted:
        f = self.f
        persons = {"fnr": f["fnr"].to_numpy(), "birth": self.birth, "female": f["female"].to_numpy(),
                   "country": f["country"].to_numpy().astype(str)}
        gone = np.flatnonzero(self.gone_mask)
        residence = {"person": gone, "code": np.where(self.died[gone], "DOD", "UTVANDRET"),
                     "day": self.gone_day[gone]}
        return Planted(persons, self._clip(self.arena.arrays(), ("status", "measure", "office")),
                       self._clip(self.aa.arrays(), ("orgnr", "half_hours")),
                       self._clip(self.benefits.arrays(), ("code",)), residence)

    def _clip(self, rows: dict, codes: tuple) -> dict:
        """Nothing after death or emigration; rows in person and start order, none twice."""
        person, start, end = rows["person"], rows["start"].astype(np.int64), rows["end"].astype(np.int64)
        gone = self.gone_day[person]
        stop = np.where(end == OPEN, np.iinfo(np.int64).max // 4, end)
        stop = np.minimum(stop, gone)
        keep = start <= stop
        end = np.where(stop >= np.iinfo(np.int64).max // 4, OPEN, stop)
        columns = {"person": person, "start": start, "end": end, **{c: rows[c] for c in codes}}
        columns = {k: v[keep] for k, v in columns.items()}
        order = np.lexsort((columns["end"], columns["start"], columns["person"]))
        columns = {k: v[order] for k, v in columns.items()}
        keys = np.rec.fromarrays(list(columns.values()))
        repeated = np.zeros(len(keys), dtype=bool)
        repeated[1:] = keys[1:] == keys[:-1]
        return {k: v[~repeated] for k, v in columns.items()}
