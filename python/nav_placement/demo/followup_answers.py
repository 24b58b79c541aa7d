"""The follow-up survey's answers: one questionnaire (Skjema NAV2014) per respondent of the frame.

Built as the report's results, from the frame plan (followup_frame):

Every published number comes from seeds/reference/part3_published_figures.csv (followup_seeds);
the numbers below are those of the seed, and the constants that stay here are the generator's
own choices.

* exact, unweighted over the 2 166 answers (section 3.2): ordinary work 1 228; Q2 1 319 yes,
  791 no, 56 empty; self-employed only 52; Q8 01 uførepensjon ticked 274, of whom 257 have the
  register's disability pension on 2014-06-30 (260 in all, 3 without the tick); AA-employed on
  2014-06-30 1 180 (the register side is planted by followup_registers from these facts);
* weighted shares (all respondents post-stratified to the frame by gender x age band, pooled
  over the strata, as the warehouse's `w_gender_age`; a stratum's share is a domain estimate) hit the report's targets: each outcome is chosen by ranking a linear
  score plus logistic noise and taking persons until their weight reaches the target share, so
  the covariate effects of the report's models (section 4) are planted in the score and the
  share comes out at the target whatever the composition;
* answers coherent with the routing and the boxes: Q3-Q6 only when Q2 = 1 (but 10 planted
  routing violations and some Q2-empty forms with Q3-Q6), Q12B only for activities ticked and
  persons in a job, Q15 only for those who have worked, 'ikke aktuelt' boxes alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from nav_placement.demo import followup_seeds as published
from nav_placement.demo.followup_frame import frame_plan

# Delivered columns (DESIGN.md, "Part 3: the follow-up survey", answer columns), in order.
ITEM_COLUMNS = (
    ["q01", "q02", "q03", "q04", "q05", "q06a", "q06b", "q06c"]
    + [f"q07_{i:02d}" for i in range(1, 14)] + [f"q08_{i:02d}" for i in range(1, 15)]
    + [f"q09_{i:02d}" for i in range(1, 15)] + ["q10", "q11"]
    + [f"q12a_{i:02d}" for i in range(1, 17)] + [f"q12b_{i:02d}" for i in range(1, 16)]
    + ["q13a", "q13b"] + [f"q14_{i}" for i in range(1, 5)] + ["q15_dag", "q15_mnd", "q15_ar"])
ANSWER_COLUMNS = ("lopenr", "svarmodus", "mottatt", *ITEM_COLUMNS)

# Exact counts over the 2 166 answers (AFI r2014:14, 13.2 and fn 62), from the seed. The report
# prints the counts of disability pension; ordinary work, the AA job on 2014-06-30 and the
# self-employed only it prints as shares of the 2 166 answers with one decimal, so the demo takes
# the nearest count (derived: 56.7% -> 1 228, 54.5% -> 1 180, 2.4% -> 52).
ORDINARY_WORK = published.count_of_answers(published.comparison_share("survey_ordinary_work"))
AA_EMPLOYED_JUNE = published.count_of_answers(published.comparison_share("register_employed_end_of_june"))
SELF_EMPLOYED_ONLY = published.count_of_answers(published.comparison_share("survey_self_employed_only"))
# Q2 (yes / no / empty): the report prints only the pooled weighted shares (60.9 / 36.5 / 2.6);
# the demo plants them unweighted, as the nearest counts of the answers (derived: 1 319 / 791 / 56).
Q2_YES, Q2_NO, Q2_EMPTY = (published.count_of_answers(published.weighted("q02_in_job", "all", category))
                           for category in ("yes", "no", "not_answered"))
assert Q2_YES + Q2_NO + Q2_EMPTY == published.flow("answers")
DISABILITY_SURVEY = published.comparison_count("disability_pension_survey")  # Q8 01 ticked, 274
DISABILITY_REGISTER = published.comparison_count("disability_pension_register")  # UFOR on 2014-06-30, 260
# Both (derived): ticked less ticked without the register's pension, 274 - 17 = 257 (= 260 - 3).
DISABILITY_BOTH = DISABILITY_SURVEY - published.comparison_count("disability_pension_survey_yes_register_no")
assert DISABILITY_REGISTER - DISABILITY_BOTH == published.comparison_count("disability_pension_survey_no_register_yes")
ROUTING_VIOLATIONS, Q2_EMPTY_WITH_JOB_ITEMS = 10, 20  # generator choices

# transition_status (DESIGN.md precedence), as codes
WORK, TRAINEE, NAV_MEASURE, EDUCATION, SICK, DISABILITY, OLD_AGE, JOB_SEEKER, OTHER = range(9)
STATUS_NAMES = ("ordinary_work", "trainee_apprentice_wage_subsidy", "nav_measure", "self_financed_education",
                "long_term_sick", "disability_pension", "old_age_pension", "job_seeker", "other")
# Weighted targets per stratum (ARBS, NEDS): Figur 30a/b from the seed. Trainee and old-age
# pension are not printed (generator choices); they and 'other' make up the rest. Disability
# pension for ARBS is 0 here (a choice): the published 0.2% comes from the oldest (below).
STATUS_TARGETS = {  # share of the stratum, in precedence order after ordinary work
    TRAINEE: (0.025, 0.015),  # generator choice
    **{code: published.targets("transition_status", STATUS_NAMES[code])
       for code in (NAV_MEASURE, EDUCATION, SICK)},
    DISABILITY: (0.0, published.target("transition_status", "disability_pension", "reduced_work_capacity")),
    OLD_AGE: (0.0, 0.015),  # generator choice
    JOB_SEEKER: published.targets("transition_status", "job_seeker")}
# Former job seekers on a pension are the oldest (Figur 31, 6582-6586): of the 60 and over 11%
# disability and 3% old-age pension (besides 51% work, 14% sick); none younger (0.2% of all).
ARBS_60_PLUS_TARGETS = {code: published.target("transition_status", f"{STATUS_NAMES[code]};breakdown=age_band:60_plus",
                                                "job_seeker") for code in (DISABILITY, OLD_AGE)}
# Figur 35: job seekers in work 63% full time, 24% long and 12% short part-time (sum 99).
_F35 = {c: published.weighted("work_time_class", "job_seeker", c) for c in ("long_part_time", "short_part_time")}
TARGETS = {
    **{name: published.targets(indicator, category) for name, (indicator, category) in {
        "ordinary_work": ("transition_status", "ordinary_work"),  # Figur 30a/b
        "permanent": ("employment_type", "permanent"),  # Figur 33/34
        "combines_benefit": ("combines_benefit_flag", ""),  # Figur 38
        "relevant_education": ("relevant_education_flag", ""),  # Figur 39
        "relevant_experience": ("relevant_experience_flag", ""),  # Figur 40
        "relevant_job_wish": ("relevant_job_wish_flag", ""),  # Figur 41
        "satisfied_nav": ("satisfied_nav_followup_flag", ""),  # Figur 48
        "q14_waiting": ("q14_1_applied_waiting_for_measure", ""),  # Tabell 36
        "q14_during": ("q14_2_applied_during_measure", ""),  # Tabell 36
        "q14_after": ("q14_3_applied_after_measure", ""),  # Tabell 36
    }.items()},
    # Part time: NEDS Figur 36's 57%; ARBS 36.5% a choice near Figur 35's 24 + 12 = 36 of 99.
    "part_time": (0.365, published.target("part_time_flag", group="reduced_work_capacity")),
    # Short of part time: ARBS derived from Figur 35, 12 / (24 + 12); NEDS 42% not published (a choice).
    "short_of_part_time": (_F35["short_part_time"] / (_F35["long_part_time"] + _F35["short_part_time"]), 0.42),
    # High own effort (Figur 49): ARBS 91%; NEDS 88% a deliberate choice below the published 90%
    # (see follow_up_and_effort).
    "high_own_effort": (published.target("high_own_effort_flag", group="job_seeker"), 0.88),
}
# M2 (ordinary work, reduced work capacity): the score's effects (logits). Age + vs under 25
# except 50 and over; education + except the two lowest groups; born outside the EEA -; measure +.
# The measure effect is larger than the bivariate 54% vs 44% because those with a measure are
# more often born outside the EEA, 50 and over and least educated (followup_frame).
NEDS_WORK = {"band": (-1.0, -0.6, -0.2, 0.7, 0.7, -0.2, -0.4), "education": (0, 0, 0.6, 0.9, 1.1),
             "eea": 0.6, "outside_eea": -1.8, "measure": 1.2}
# vet ikke / ikke aktuelt / empty, all respondents (Figur 48 and 49, pooled)
Q10_EXCLUDED = published.target("satisfied_nav_followup_excluded")
Q11_EXCLUDED = published.target("high_own_effort_excluded")
# Q13A: none / don't know / not applicable per stratum (Figur 53)
Q13A_EXCLUDED = {name: published.targets("jobs_applied_band", category)
                 for name, category in (("ingen", "none"), ("vet_ikke", "dont_know"),
                                        ("ikke_aktuelt", "not_applicable"))}
# Bands 2-11 (1-2 ... more than 100) among those applying: generator choices, giving about the
# published means (Figur 53: 22 and 19).
Q13A_BANDS = {
    0: np.array([0.13, 0.17, 0.10, 0.13, 0.17, 0.13, 0.07, 0.04, 0.02, 0.04]),
    1: np.array([0.16, 0.19, 0.10, 0.13, 0.16, 0.12, 0.06, 0.035, 0.015, 0.03])}
Q13A_MIDPOINTS = np.array([1.5, 4, 6.5, 9, 15.5, 30.5, 50.5, 70.5, 90.5, 110.5])
WEB_SHARE = 0.2
FIRST_RECEIVED, LAST_RECEIVED = np.datetime64("2014-06-10"), np.datetime64("2014-08-22")  # week 34 closed

S_ANSWERS = 3_015


@dataclass(frozen=True)
class Answers:
    """The delivered answers (text cells, '' empty) and, per answer, the facts the register rows
    must agree with (frame row, transition status, AA job on 2014-06-30, disability pension in
    the register, the job's start and weekly hours, benefits now)."""

    delivered: pd.DataFrame
    facts: pd.DataFrame


@cache
def followup_answers(seed: int = 2014) -> Answers:
    frame = frame_plan(seed)
    rng = np.random.default_rng([seed, S_ANSWERS])
    resp = frame[frame["answered"]].reset_index().rename(columns={"index": "frame_row"})
    n = len(resp)
    b = _Builder(resp, post_stratification_weights(frame, frame["answered"].to_numpy()), rng)
    b.status()
    b.job_items()
    b.benefits()
    b.register_facts()
    b.relevance()
    b.obstacles()
    b.follow_up_and_effort()
    b.activities()
    b.applications()
    b.restart_date()
    b.routing_and_nonresponse()
    delivered = b.delivered()
    assert len(delivered) == n
    return Answers(delivered, b.facts())


def post_stratification_weights(frame: pd.DataFrame, answered: np.ndarray) -> np.ndarray:
    """Weights of the respondents (in frame order), as the warehouse's `w_gender_age`: all
    respondents post-stratified to the frame's counts of gender x age band, pooled over the two
    strata (frame count / respondent count per cell; shares by stratum are domain estimates with
    these weights). An age band without respondents is pooled with the next younger band that has
    some (or the next older one for the youngest)."""
    female = frame["female"].to_numpy().astype(int)
    band = frame["age_band"].to_numpy().astype(int)
    cell_band = band.copy()
    for g in (0, 1):
        here = female == g
        counts = np.bincount(band[here & answered], minlength=7)
        mapping = np.arange(7)
        for k in range(7):
            if counts[k] == 0:
                donors = [j for j in range(k - 1, -1, -1) if counts[j]] or [j for j in range(k + 1, 7) if counts[j]]
                mapping[k] = donors[0]
        cell_band[here] = mapping[band[here]]
    cell = female * 10 + cell_band
    population = pd.Series(cell).value_counts()
    sample = pd.Series(cell[answered]).value_counts()
    return (pd.Series(cell[answered]).map(population) / pd.Series(cell[answered]).map(sample)).to_numpy(float)


class _Builder:
    """Item by item, in an order where every item's covariates exist before it is drawn."""

    def __init__(self, resp: pd.DataFrame, weights: np.ndarray, rng: np.random.Generator):
        self.r, self.w, self.rng = resp, weights, rng
        self.n = n = len(resp)
        self.s = resp["stratum"].to_numpy().astype(int)
        self.female = resp["female"].to_numpy()
        self.band = resp["age_band"].to_numpy().astype(int)
        self.age = resp["age"].to_numpy()
        self.region = resp["region"].to_numpy().astype(int)
        self.measure = resp["measure"].to_numpy()
        self.lt = resp["long_term"].to_numpy()
        self.q1 = resp["education"].to_numpy().astype(int)
        self.edu = np.array([0, 0, 1, 2, 3, 4, 0])[self.q1]  # education_group 0-4 (1 and 6 lowest)
        self.items = {c: np.zeros(n, dtype=np.int64) for c in ITEM_COLUMNS}
        self.items["q01"] = self.q1.copy()

    # -- tools --------------------------------------------------------------------------------

    def noise(self) -> np.ndarray:
        u = self.rng.random(self.n)
        return np.log(u / (1 - u))

    def u(self) -> np.ndarray:
        return self.rng.random(self.n)

    def by_stratum(self, name_or_pair, score, eligible, base=None) -> np.ndarray:
        """Per stratum, the highest `score + noise` among `eligible` until their weight reaches
        the target share of the weight of `base` (default: eligible) in that stratum."""
        targets = TARGETS[name_or_pair] if isinstance(name_or_pair, str) else name_or_pair
        base = eligible if base is None else base
        chosen = np.zeros(self.n, dtype=bool)
        latent = score + self.noise()
        for s in (0, 1):
            here = self.s == s
            chosen |= weighted_top(latent, self.w, eligible & here, targets[s] * self.w[base & here].sum())
        return chosen

    def tick(self, column: str, mask: np.ndarray, value=1) -> None:
        self.items[column] = np.where(mask, value, self.items[column])

    def band_effect(self, values) -> np.ndarray:
        return np.asarray(values, dtype=float)[self.band]

    # -- Q2, Q7 and the transition status ---------------------------------------------------------

    def status(self) -> None:
        n, s, band, edu, region = self.n, self.s, self.band, self.edu, self.region
        arbs = s == 0
        # M1 (ARBS) / M2 (NEDS): age, education, born outside the EEA, measures for NEDS.
        score = np.where(
            arbs,
            self.band_effect([-1.4, -0.5, -0.15, 0, 0.2, 0.25, -0.3]) + np.array([0, 0.05, 0.45, 0.7, 0.9])[edu]
            - 0.6 * (region == 2) - 0.3 * self.lt,
            self.band_effect(NEDS_WORK["band"]) + np.array(NEDS_WORK["education"])[edu]
            + NEDS_WORK["eea"] * (region == 1) + NEDS_WORK["outside_eea"] * (region == 2)
            + NEDS_WORK["measure"] * self.measure)
        latent = score + self.noise()
        everyone = np.ones(n, dtype=bool)
        work = np.zeros(n, dtype=bool)
        for k in (0, 1):
            here = s == k
            work |= weighted_top(latent, self.w, here, TARGETS["ordinary_work"][k] * self.w[here].sum())
        # exactly 1 228 unweighted: the job seekers' cut moves by the difference
        arbs_count = (work & arbs).sum() + ORDINARY_WORK - work.sum()
        work = (work & ~arbs) | _top_among(latent, arbs, arbs_count)
        status = np.full(n, OTHER)
        status[work] = WORK
        scores = {
            TRAINEE: self.band_effect([2.0, 1.0, 0.2, 0, -0.3, -0.6, -1.5]) + 0.4 * (edu <= 1),
            NAV_MEASURE: 1.3 * self.measure + 0.5 * (edu == 0) + 0.5 * (region == 2) + 0.3 * self.lt
            + 1.5 * (~arbs & (band <= 1)),  # young NEDS most often on a measure (19% of 20-24)
            EDUCATION: self.band_effect([2.5, 1.2, 0.3, 0, -0.5, -1.0, -2.0]),
            SICK: 0.3 * band + 0.3 * self.female,
            DISABILITY: 0.6 * band,
            OLD_AGE: np.zeros(n),
            JOB_SEEKER: 0.8 * self.lt + 0.4 * (region == 2),
        }
        eligible = {DISABILITY: band >= 1, OLD_AGE: self.age >= 61}
        oldest = arbs & (band == 6)
        for code, score in scores.items():
            free = (status == OTHER) & eligible.get(code, everyone)
            chosen = self.by_stratum(STATUS_TARGETS[code], score, free, base=everyone)
            if code in ARBS_60_PLUS_TARGETS:
                chosen |= weighted_top(score + self.noise(), self.w, free & oldest,
                                       ARBS_60_PLUS_TARGETS[code] * self.w[oldest].sum())
            status[chosen] = code
        self.status_code = status
        # Q2: yes for ordinary work and for 91 trainees / measure participants in a job.
        u = self.u()
        q2_yes_other = _top_among(np.where(status == TRAINEE, 2.0, 0.0) + self.noise(),
                                  (status == TRAINEE) | (status == NAV_MEASURE), Q2_YES - ORDINARY_WORK)
        q2 = np.where(work | q2_yes_other, 1, 2)
        empty_pool = (q2 == 2) & ~np.isin(status, [DISABILITY, OLD_AGE])
        empty = _top_among(1.5 * (status == OTHER) + 0.2 * band + 0.5 * (edu == 0) + self.noise(),
                           empty_pool, Q2_EMPTY)
        q2[empty] = 0
        self.items["q02"] = q2
        self.q2_empty = empty
        # Q7: the status's own box, then boxes of statuses later in the precedence only.
        t = self.tick
        young = band <= 1
        t("q07_05", (status == TRAINEE) & np.where(young, u < 0.75, u < 0.2))
        t("q07_09", (status == TRAINEE) & (self.items["q07_05"] == 0))
        u = self.u()
        in_job = q2_yes_other & (status == NAV_MEASURE)
        t("q07_08", (status == NAV_MEASURE) & np.where(in_job, u < 0.55, (u >= 0.4) & (u < 0.7)))
        t("q07_10", (status == NAV_MEASURE) & np.where(in_job, u >= 0.55, u >= 0.7))
        t("q07_07", (status == NAV_MEASURE) & ~in_job & (u < 0.4))
        t("q07_07", (status == NAV_MEASURE) & (self.u() < 0.08))  # a course beside it
        t("q07_06", status == EDUCATION)
        t("q07_11", status == SICK)
        t("q07_01", status == JOB_SEEKER)
        # secondary boxes
        extra = {  # status -> (column, probability)
            WORK: [("q07_01", 0.06), ("q07_06", np.where(young, 0.15, 0.04)), ("q07_07", 0.015),
                   ("q07_11", np.where(s == 1, 0.05, 0.02)), ("q07_02", 0.02)],
            TRAINEE: [("q07_06", 0.05), ("q07_01", 0.05)],
            NAV_MEASURE: [("q07_01", 0.3), ("q07_11", 0.05), ("q07_06", 0.03)],
            EDUCATION: [("q07_01", 0.1), ("q07_02", 0.04), ("q07_04", 0.06)],
            SICK: [("q07_01", 0.05), ("q07_03", 0.1)],
            DISABILITY: [("q07_03", 0.2)],
            OLD_AGE: [("q07_03", 0.1)],
            JOB_SEEKER: [("q07_02", 0.05), ("q07_04", 0.05), ("q07_03", 0.03)],
        }
        for code, boxes in extra.items():
            for column, p in boxes:
                t(column, (status == code) & (self.u() < p))
        # other: at home, supported, service, or nothing at all
        u = self.u()
        other = status == OTHER
        t("q07_02", other & (u < 0.25) & self.female)
        t("q07_03", other & (u >= 0.25) & (u < 0.5))
        t("q07_04", other & (u >= 0.5) & (u < 0.62))
        t("q07_12", other & (u >= 0.62) & (u < 0.68) & young & ~self.female)
        self.ticks_or_not_applicable("q07", 13, np.where(other, 0.45, np.where(work, 0.5, 0.0)))

    def ticks_or_not_applicable(self, prefix: str, last: int, p) -> None:
        """The 'ikke aktuelt' box `last` for some of those with no other box ticked (never together)."""
        columns = [f"{prefix}_{i:02d}" for i in range(1, last)]
        none = sum(self.items[c] for c in columns) == 0
        self.items[f"{prefix}_{last:02d}"] = (none & (self.u() < p)).astype(np.int64)

    # -- Q3, Q5, Q4 (those in a job) ----------------------------------------------------------------

    def job_items(self) -> None:
        n, s, band, edu, region = self.n, self.s, self.band, self.edu, self.region
        work = self.status_code == WORK
        q2_yes = self.items["q02"] == 1
        female = self.female
        # Q3: 52 self-employed only (men, older, higher education), 1% both, 1% missing.
        self_employed = _top_among(0.5 * ~female + 0.6 * (band >= 4) + 0.3 * (edu >= 3) + 0.3 * (region == 1)
                                   + self.noise(), work, SELF_EMPLOYED_ONLY)
        u = self.u()
        q3 = np.where(q2_yes, np.where(self_employed, 2, np.where(work & (u < 0.011), 3, 1)), 0)
        q3[q2_yes & ~self_employed & (u > 0.99)] = 0
        self.items["q03"] = q3
        self.self_employed = self_employed
        # Q5 (M5): permanent: women, the young, the highly educated, born outside the EEA less.
        u = self.u()
        q5 = np.zeros(n, dtype=np.int64)
        answered = q2_yes & (u > 0.015)
        q5[answered & self_employed] = np.where(self.u()[answered & self_employed] < 0.75, 3, 1)
        valid_work = work & answered
        score = np.where(s == 0, -0.45 * female + self.band_effect([-1.5, -1.0, -0.2, 0.1, 0.4, 0.4, 0.2])
                         - 0.5 * (edu == 4) - 0.5 * (region == 2), 0.0)
        latent = score + self.noise()
        permanent = q5 == 1
        for k in (0, 1):
            here = s == k
            target = TARGETS["permanent"][k] * self.w[valid_work & here].sum() - self.w[permanent & here].sum()
            permanent |= weighted_top(latent, self.w, valid_work & here & ~self_employed, target)
        q5[permanent] = 1
        rest = answered & (q5 == 0)
        temporary_share = np.where(work, np.where(s == 0, 0.7, 0.6), 0.75)
        q5[rest] = np.where(self.u()[rest] < temporary_share[rest], 2, 3)
        self.items["q05"] = q5
        # Q4 (M7 / M8): part-time: women, born outside the EEA, temporary and other work, the young.
        q4_answered = q2_yes & (self.u() > 0.01)
        score = np.where(s == 0, 1.3 * female + 0.8 * (region == 2) + 0.7 * (q5 == 2) + 1.5 * (q5 == 3)
                         + self.band_effect([1.0, 0.3, 0, 0, 0, 0, 0.1]),
                         0.8 * female - 0.5 * (band == 4))
        part = self.by_stratum("part_time", score, work & q4_answered)
        score = np.where(s == 0, 0.8 * (q5 == 3) + 0.8 * (band == 0), 0.6 * (band >= 5))
        short = self.by_stratum("short_of_part_time", score, part)
        # trainees and measure participants in a job: hours drawn plainly
        u = self.u()
        others = q2_yes & ~work & q4_answered
        part |= others & (u < 0.45)
        short |= others & (u < 0.15)
        hours_class = np.where(short, 2, np.where(part, 1, 0))
        self.hours_class = np.where(q4_answered, hours_class, -1)
        self.items["q04"] = np.where(q4_answered, _hours(hours_class, self.u(), self.u()), 0)

    # -- Q8: benefits ----------------------------------------------------------------------------

    def benefits(self) -> None:
        n, s, band, edu = self.n, self.s, self.band, self.edu
        status, work = self.status_code, self.status_code == WORK
        q5, hc = self.items["q05"], self.hours_class
        t = self.tick
        # M9 / M10: combining work with one of the seven benefits.
        score = np.where(
            s == 0,
            self.band_effect([-1.0, -0.6, -0.3, 0, 0.4, 1.1, 1.7]) - 0.3 * edu + 1.2 * (hc == 2) + 0.3 * (hc == 1)
            + 0.8 * (q5 == 3) + 0.2 * (q5 == 2),
            self.band_effect([-1.2, -1.2, -1.2, -0.3, 0.2, 0.8, 1.6]) + 3.0 * (hc == 2) + 1.6 * (hc == 1)
            - 2.0 * self.measure)
        combines = self.by_stratum("combines_benefit", score, work)
        # which benefit: job seekers dagpenger and sykepenger; NEDS uføre, sykepenger, AAP
        u = self.u()
        old = self.age >= 61
        arbs_pick = np.select([u < 0.40, u < 0.72, u < 0.84, u < 0.90, u < 0.95, u < 0.98],
                              [5, 4, 1, np.where(old, 2, 5), 3, 6], 7)
        neds_pick = np.select([u < 0.64 + 0.1 * (hc == 2), u < 0.81, u < 0.92, u < 0.96, u < 0.98, u < 0.99],
                              [1, 4, 3, np.where(old, 2, 1), 5, 6], 7)
        pick = np.where(s == 0, arbs_pick, neds_pick)
        for code in range(1, 8):
            t(f"q08_{code:02d}", combines & (pick == code))
        t("q08_04", combines & (s == 1) & (self.u() < 0.03))
        # other benefits of those in work: parental benefit, cash for care, transitional benefit
        u = self.u()
        parents = self.female & (band >= 2) & (band <= 3)
        t("q08_09", work & parents & (u < 0.07))
        t("q08_13", work & parents & (u >= 0.07) & (u < 0.10))
        t("q08_10", work & self.female & (u >= 0.10) & (u < 0.12))
        # the statuses' own benefits
        t("q08_01", status == DISABILITY)
        t("q08_02", status == OLD_AGE)
        u = self.u()
        rules = [  # (status, column, probability by stratum (ARBS, NEDS))
            (NAV_MEASURE, "q08_03", (0.12, 0.6)), (NAV_MEASURE, "q08_06", (0.3, 0.05)),
            (NAV_MEASURE, "q08_05", (0.35, 0.02)), (NAV_MEASURE, "q08_07", (0.05, 0.03)),
            (TRAINEE, "q08_06", (0.05, 0.05)),
            (EDUCATION, "q08_08", (0.08, 0.08)),
            (SICK, "q08_04", (0.55, 0.4)), (SICK, "q08_03", (0.3, 0.55)),
            (DISABILITY, "q08_03", (0.0, 0.08)),
            (JOB_SEEKER, "q08_05", (0.45, 0.1)), (JOB_SEEKER, "q08_03", (0.03, 0.4)),
            (JOB_SEEKER, "q08_08", (0.12, 0.12)),
            (OTHER, "q08_08", (0.1, 0.1)), (OTHER, "q08_09", (0.08, 0.04)), (OTHER, "q08_10", (0.03, 0.02)),
            (OTHER, "q08_13", (0.03, 0.01)), (OTHER, "q08_11", (0.01, 0.02)), (OTHER, "q08_12", (0.0, 0.0)),
        ]
        for code, column, (pa, pn) in rules:
            t(column, (status == code) & (self.rng.random(n) < np.where(s == 0, pa, pn)))
        # Q8 01 to exactly 274: partial disability pension among statuses above it in precedence
        # (sick, measures, trainees, education: not job seekers, whom Q8 01 would make disability
        # pensioners), never with Q2 empty.
        missing = DISABILITY_SURVEY - int(self.items["q08_01"].sum())
        pool = np.isin(status, [SICK, NAV_MEASURE, TRAINEE, EDUCATION]) & ~self.q2_empty \
            & (self.items["q08_01"] == 0) & (band >= 1)
        if missing < 0 or pool.sum() < missing:
            raise RuntimeError(f"cannot plant {DISABILITY_SURVEY} disability pensions (short by {missing})")
        score = 1.5 * (s == 1) + 1.5 * (status == SICK) + 1.0 * self.items["q08_09"] + 0.3 * band \
            + 1.0 * (self.items["q07_09"] == 1)
        t("q08_01", _top_among(score + self.noise(), pool, missing))
        self.ticks_or_not_applicable("q08", 14, np.where(work, 0.55, 0.6))
        self.combines = combines

    # -- register facts: AA job and disability pension on 2014-06-30 ---------------------------------

    def register_facts(self) -> None:
        n, s, band, status = self.n, self.s, self.band, self.status_code
        q8_01 = self.items["q08_01"] == 1
        score = 3.0 * (status == DISABILITY) + 1.0 * (s == 1) + 0.5 * (status == SICK) + 0.2 * band \
            - 1.0 * ((status == WORK) & (s == 0))
        ufor = _top_among(score + self.noise(), q8_01, DISABILITY_BOTH)
        not_ticked = ~q8_01 & ~self.q2_empty & np.isin(status, [SICK, OTHER, JOB_SEEKER]) & (band >= 4)
        ufor |= _top_among(1.0 * (s == 1) + 1.0 * (status == SICK) + self.noise(), not_ticked,
                           DISABILITY_REGISTER - DISABILITY_BOTH)
        self.ufor = ufor
        q2_yes = self.items["q02"] == 1
        employee = (status == WORK) & ~self.self_employed
        score = np.select([employee, q2_yes & (status == TRAINEE), q2_yes, status == SICK, self.self_employed],
                          [4.0, 3.5, 0.5, 0.5, -3.0], -2.0)
        self.aa_june = _top_among(score + self.noise(), np.ones(n, dtype=bool), AA_EMPLOYED_JUNE)

    # -- Q6: relevance of the job ----------------------------------------------------------------------

    def relevance(self) -> None:
        s, band, edu = self.s, self.band, self.edu
        work = self.status_code == WORK
        q2_yes = self.items["q02"] == 1
        hc = self.hours_class
        specs = {  # column: (target, not applicable share (ARBS, NEDS), score)
            "q06a": ("relevant_education", (0.10, 0.10),
                     np.where(s == 0, 0.4 * edu - 0.5 * (hc >= 1), 0.5 * edu)),
            "q06b": ("relevant_experience", (0.10, 0.10),
                     np.where(s == 0, 0.6 * (band >= 4) + 0.2 * edu - 0.5 * self.measure, 0.0)),
            "q06c": ("relevant_job_wish", (0.10, 0.20),
                     np.where(s == 0, 0.6 * (edu == 3) - 0.5 * (hc == 1), 1.0 * (edu >= 2))),
        }
        for column, (target, not_applicable, score) in specs.items():
            u = self.u()
            missing = u < 0.02
            na = ~missing & (u < 0.02 + np.where(s == 0, *not_applicable))
            valid = q2_yes & ~missing & ~na
            good = self.by_stratum(target, score, valid & work)
            good |= valid & ~work & (self.u() < 0.5)
            value = np.where(good, 4 + self.rng.choice(3, self.n, p=[0.3, 0.4, 0.3]),
                             1 + self.rng.choice(3, self.n, p=[0.35, 0.3, 0.35]))
            self.items[column] = np.where(valid, value, np.where(q2_yes & na, 7, 0))

    # -- Q9: obstacles ----------------------------------------------------------------------------------

    def obstacles(self) -> None:
        s, band, region, edu, lt = self.s, self.band, self.region, self.edu, self.lt
        youth, arbs = band <= 1, s == 0
        p = {
            1: np.where(arbs, np.where(youth, 0.28, 0.17) + 0.12 * (edu == 0), 0.10) + 0.05 * lt,
            2: np.where(arbs, 0.08, 0.05),
            3: np.where(youth, 0.27, 0.08) * np.where(arbs, 1, 0.7),
            4: np.where(arbs, 0.13, 0.08),
            5: np.select([region == 1, region == 2], [0.41, 0.33], 0.01) * np.where(arbs, 1, 0.6),
            6: np.where(band >= 5, 0.35, np.where(band == 4, 0.1, 0.01)),
            7: np.select([region == 1, region == 2], [0.15, 0.45], 0.0) * np.where(arbs, 1, 0.6),
            8: np.where(self.female & (band >= 2) & (band <= 4), 0.10, 0.03),
            9: np.where(arbs, 0.08, 0.05),
            10: np.where(arbs, np.where(youth, 0.30, 0.28), 0.15) - 0.01 * lt,
            11: np.where(arbs, np.where(region == 0, 0.08, 0.25), np.where(youth, 0.51, 0.45)) + 0.15 * lt,
            12: np.where(arbs, 0.03, 0.12),
            13: np.where(arbs, 0.07, np.where(youth, 0.49, 0.2)),
        }
        silent = self.u() < 0.04
        for code, share in p.items():
            self.tick(f"q09_{code:02d}", ~silent & (self.u() < share))
        self.ticks_or_not_applicable("q09", 14, np.where(silent, 0, 0.6))

    # -- Q10, Q11: NAV's follow-up and own effort -----------------------------------------------------

    def follow_up_and_effort(self) -> None:
        n, s, band, edu = self.n, self.s, self.band, self.edu
        status, hc, q5 = self.status_code, self.hours_class, self.items["q05"]
        everyone = np.ones(n, dtype=bool)
        pension_or_sick = np.isin(status, [DISABILITY, OLD_AGE, SICK])
        # Q10 (M14): 18.6% excluded (vet ikke 7, ikke aktuelt 8, or empty).
        excluded = self.by_stratum((Q10_EXCLUDED, Q10_EXCLUDED), 1.5 * pension_or_sick, everyone)
        u = self.u()
        q10_excluded = np.where(u < 0.07, 0, np.where(u < 0.4, 7, 8))
        valid = ~excluded
        # NEDS: in work more satisfied than the rest (63% full time), short part-time most (70%).
        score = np.where(s == 0, 0.8 * self.measure + 0.7 * self.lt + 0.5 * (q5 == 2),
                         0.2 * band + 0.8 * (status == WORK) + 1.0 * (hc == 2))
        satisfied = self.by_stratum("satisfied_nav", score, valid)
        self.items["q10"] = np.where(excluded, q10_excluded, _scale(satisfied, self.rng))
        # Q11 (M15): 41.2% excluded (those in work answer more often); high own effort 91% / 88%.
        # The few who rate their effort low are mostly in work: job seekers in a permanent job
        # (temporary +, age +, education +), reduced work capacity in full-time work (long
        # part-time +), so the models have some low answers in every category they compare.
        # For reduced work capacity the target is 88% (report 90%), to leave enough low answers in
        # the 60-odd long part-timers for the contrast to show. Those with a measure a little more
        # often high (they are more often among the least educated and born outside the EEA, who
        # would otherwise show a spurious measure effect: the report finds only long part-time).
        work = status == WORK
        excluded = self.by_stratum((Q11_EXCLUDED, Q11_EXCLUDED),
                                   1.5 * pension_or_sick + 0.3 * (s == 1) - 2.5 * work, everyone)
        u = self.u()
        q11_excluded = np.where(u < 0.04, 0, np.where(u < 0.25, 7, 8))
        valid = ~excluded
        score = np.where(s == 0, 0.25 * band + 0.7 * (edu == 3) + 0.3 * (edu == 4) + 1.8 * ~work
                         + 1.6 * (work & (q5 == 2)) + 0.3 * (work & (q5 == 3)),
                         2.2 * ~work + 2.0 * (work & (hc == 1)) + 1.0 * (work & (hc == 2)) + 0.3 * self.measure)
        high = self.by_stratum("high_own_effort", score, valid)
        self.items["q11"] = np.where(excluded, q11_excluded, _scale(high, self.rng, high_weights=(0.25, 0.4, 0.35)))

    # -- Q12A/B: activities and what they meant for getting the job ---------------------------------------

    def activities(self) -> None:
        n, s, band, lt = self.n, self.s, self.band, self.lt
        arbs, youth = s == 0, band <= 1
        status = self.status_code
        p = {
            1: np.where(youth, 0.30, np.where(arbs, 0.20, 0.15)) + 0.13 * lt,
            2: np.where(arbs, 0.13, 0.2) + 0.08 * lt + 0.1 * self.measure,
            3: np.full(n, 0.15), 4: np.where(arbs, 0.13, 0.09), 5: 0.02 + 0.7 * self.self_employed,
            6: np.where(arbs, 0.08, 0.04), 7: np.full(n, 0.05),
            8: np.where(arbs, 0.49, 0.33) + 0.14 * lt, 9: np.where(arbs, 0.50, 0.30),
            10: np.where(arbs, 0.40, 0.25), 11: np.where(arbs, 0.08, 0.04), 12: np.where(arbs, 0.52, 0.35),
            13: np.where(arbs, 0.11, 0.05) + 0.11 * lt, 14: np.where(arbs, 0.20, 0.08),
            15: np.where(arbs, 0.46, 0.30),
        }
        passive = np.isin(status, [DISABILITY, OLD_AGE]) & (self.u() < 0.6)
        silent = self.u() < 0.03
        for code, share in p.items():
            self.tick(f"q12a_{code:02d}", ~silent & ~passive & (self.u() < share))
        self.ticks_or_not_applicable("q12a", 16, np.where(silent, 0, 0.75))
        # Q12B for activities ticked, by those in a job: direct contact, changing sector and the
        # network matter most; NAV's own channels less (more for NEDS).
        in_job = self.items["q02"] == 1
        mean = {1: 3.0, 2: 3.3, 3: 3.9, 4: 4.4, 5: 4.2, 6: 3.8, 7: 3.6, 8: 3.0, 9: 3.5, 10: 3.5,
                11: 3.0, 12: 4.6, 13: 2.6, 14: 3.6, 15: 4.3}
        for code, m in mean.items():
            ticked = in_job & (self.items[f"q12a_{code:02d}"] == 1)
            bump = np.where((s == 1) & np.isin(code, [1, 2, 3, 8, 14]), 0.5, 0.0)
            value = np.clip(np.rint(m + bump + self.rng.normal(0, 1.2, n)), 1, 6).astype(np.int64)
            u = self.u()
            value = np.where(u < 0.05, 7, np.where(u < 0.09, 8, np.where(u < 0.17, 0, value)))
            self.items[f"q12b_{code:02d}"] = np.where(ticked, value, 0)

    # -- Q13A/B: applications and interviews; Q14: applying around measures -------------------------------

    def applications(self) -> None:
        n, s, band, region = self.n, self.s, self.band, self.region
        status = self.status_code
        everyone = np.ones(n, dtype=bool)
        q13a = np.zeros(n, dtype=np.int64)
        missing = self.u() < 0.02
        left = ~missing
        for name, code, score in (("ikke_aktuelt", 13, 2.0 * np.isin(status, [DISABILITY, OLD_AGE, SICK])
                                   + 0.4 * (status == WORK) - 0.3 * (band <= 1)),
                                  ("ingen", 1, 0.4 * (status == WORK) + 0.3 * (band >= 5)),
                                  ("vet_ikke", 12, np.zeros(n))):
            chosen = self.by_stratum(Q13A_EXCLUDED[name], score, left, base=everyone)
            q13a[chosen] = code
            left &= ~chosen
        latent = (self.band_effect([-0.3, 0.4, 0.4, 0.1, 0, -0.2, -0.5]) + 0.4 * (region >= 1) + 0.4 * (region == 2)
                  + 0.3 * self.measure + 0.5 * self.lt + 0.3 * ((s == 1) & ~self.female) + self.noise())
        for k in (0, 1):
            here = left & (s == k)
            q13a[here] = 2 + weighted_cut(latent[here], self.w[here], Q13A_BANDS[k])
        self.items["q13a"] = q13a
        # interviews: at most the applications band, often fewer
        u = self.u()
        applied = (q13a >= 2) & (q13a <= 11)
        fewer = np.maximum(q13a - np.floor(u * 4).astype(np.int64), 1)
        q13b = np.where(applied, fewer, np.where(q13a == 1, 1, np.where(q13a >= 12, q13a, 0)))
        q13b[self.u() < 0.04] = 0
        self.items["q13b"] = q13b
        # Q14 (M17-M19)
        youngest_oldest = (band == 0) | (band == 6)
        specs = {"q14_1": ("q14_waiting", 0.6 * (region == 2) + 0.6 * self.measure - 0.8 * (band == 0)),
                 "q14_2": ("q14_during", 2.0 * self.measure + 0.9 * self.lt - 0.6 * youngest_oldest),
                 "q14_3": ("q14_after", 0.9 * self.measure + 0.5 * self.lt)}
        silent = self.u() < 0.05
        for column, (target, score) in specs.items():
            self.tick(column, self.by_stratum(target, score, ~silent, base=everyone))
        none = (self.items["q14_1"] + self.items["q14_2"] + self.items["q14_3"]) == 0
        self.items["q14_4"] = (none & ~silent & (self.u() < 0.55)).astype(np.int64)

    # -- Q15: when work started again --------------------------------------------------------------------

    def restart_date(self) -> None:
        n = self.n
        exit_end = self.r["exit_end"].to_numpy()
        last = (np.datetime64("2014-06-20") - np.datetime64("1970-01-01")).astype(int)
        gap = np.where(self.u() < 0.6, np.floor(self.u() * 45) - 14, 30 + np.floor(self.u() ** 2 * 300))
        start = np.minimum(exit_end + gap.astype(np.int64), last)
        self.job_start = start
        q2_yes = self.items["q02"] == 1
        worked_since = q2_yes | (self.aa_june & ~q2_yes) | ((self.status_code != WORK) & (self.u() < 0.15)
                                                           & ~np.isin(self.status_code, [DISABILITY, OLD_AGE]))
        self.worked_since = worked_since
        answers = worked_since & (self.u() < 0.88)
        day = start.astype("datetime64[D]")
        month_of = day.astype("datetime64[M]")
        self.items["q15_dag"] = np.where(answers & (self.u() < 0.6), (day - month_of).astype(int) + 1, 0)
        self.items["q15_mnd"] = np.where(answers, month_of.astype(int) % 12 + 1, 0)
        self.items["q15_ar"] = np.where(answers, month_of.astype("datetime64[Y]").astype(int) + 1970 - 2000, 0)

    # -- routing violations, Q2-empty forms with job items, item non-response --------------------------

    def routing_and_nonresponse(self) -> None:
        n = self.n
        q2 = self.items["q02"]
        score = 1.5 * self.aa_june + 1.0 * self.worked_since + self.noise()
        violators = _top_among(score, q2 == 2, ROUTING_VIOLATIONS)
        blank_job = _top_among(self.noise(), self.q2_empty, Q2_EMPTY_WITH_JOB_ITEMS)
        filled = violators | blank_job
        u = self.u()
        self.items["q03"] = np.where(filled & (u < 0.9), 1, self.items["q03"])
        self.items["q04"] = np.where(filled & (self.u() < 0.7), _hours(np.where(u < 0.5, 1, 2), self.u(), self.u()),
                                     self.items["q04"])
        self.items["q05"] = np.where(filled & (self.u() < 0.6), 2 + (self.u() < 0.4), self.items["q05"])
        for column in ("q06a", "q06b", "q06c"):
            self.items[column] = np.where(filled & (self.u() < 0.4), 1 + np.floor(self.u() * 6).astype(np.int64),
                                          self.items[column])
        # plain item non-response (Q1 and Q13B; the rest is drawn with the items)
        self.items["q01"] = np.where(self.u() < 0.015, 0, self.items["q01"])
        self.routing_violation = violators

    # -- output ----------------------------------------------------------------------------------------

    def delivered(self) -> pd.DataFrame:
        n = self.n
        web = self.u() < WEB_SHARE + 0.1 * (self.band <= 2) - 0.06 * (self.band >= 5)
        first = np.where(web, FIRST_RECEIVED - 5, FIRST_RECEIVED).astype("datetime64[D]")
        span = (LAST_RECEIVED - first).astype(int)
        # most forms come back in the first weeks; a reminder in early July brings a second wave
        u = self.u()
        offset = np.where(self.u() < 0.7, np.floor(-np.log1p(-u * 0.95) * 12), 22 + np.floor(u * (span - 22)))
        received = first + np.minimum(offset.astype(np.int64), span).astype("timedelta64[D]")
        out = {"lopenr": self.r["serial"].astype(str).to_numpy(),
               "svarmodus": np.where(web, "web", "papir"),
               "mottatt": received.astype(str)}
        for column in ITEM_COLUMNS:
            values = self.items[column]
            out[column] = np.where(values > 0, values.astype(str), "")
        return pd.DataFrame(out, columns=list(ANSWER_COLUMNS)).sort_values("lopenr", kind="stable") \
            .reset_index(drop=True)

    def facts(self) -> pd.DataFrame:
        items = self.items
        return pd.DataFrame({
            "frame_row": self.r["frame_row"].to_numpy(), "serial": self.r["serial"].to_numpy(),
            "status": self.status_code, "ordinary_work": self.status_code == WORK,
            "q2": items["q02"], "self_employed": self.self_employed, "aa_june": self.aa_june,
            "ufor_register": self.ufor, "q8_01": items["q08_01"] == 1, "q8_02": items["q08_02"] == 1,
            "q8_03": items["q08_03"] == 1, "q8_04": items["q08_04"] == 1, "q8_05": items["q08_05"] == 1,
            "q8_06": items["q08_06"] == 1, "hours_class": self.hours_class, "hours": items["q04"],
            "job_start": self.job_start, "worked_since": self.worked_since, "combines": self.combines,
            "routing_violation": self.routing_violation, "weight": self.w,
        })


# --- tools ------------------------------------------------------------------------------------------


def weighted_top(latent: np.ndarray, weights: np.ndarray, eligible: np.ndarray, target: float) -> np.ndarray:
    """Among `eligible`, the highest latent values whose summed weight comes closest to `target`."""
    idx = np.flatnonzero(eligible)
    mask = np.zeros(len(latent), dtype=bool)
    if not len(idx) or target <= 0:
        return mask
    order = idx[np.argsort(-latent[idx], kind="stable")]
    cumulative = np.concatenate([[0.0], np.cumsum(weights[order])])
    k = int(np.argmin(np.abs(cumulative - target)))
    mask[order[:k]] = True
    return mask


def weighted_cut(latent: np.ndarray, weights: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Ordinal category 0.. by weighted quantiles of `latent` (lowest latent -> 0)."""
    order = np.argsort(latent, kind="stable")
    position = (np.cumsum(weights[order]) - weights[order] / 2) / weights.sum()
    result = np.empty(len(latent), dtype=np.int64)
    result[order] = np.minimum(np.searchsorted(np.cumsum(shares), position, side="right"), len(shares) - 1)
    return result


def _top_among(score: np.ndarray, eligible: np.ndarray, count: int) -> np.ndarray:
    idx = np.flatnonzero(eligible)
    if count > len(idx):
        raise RuntimeError(f"cannot choose {count} of {len(idx)}")
    mask = np.zeros(len(score), dtype=bool)
    mask[idx[np.argsort(-score[idx], kind="stable")[:max(count, 0)]]] = True
    return mask


def _scale(good: np.ndarray, rng: np.random.Generator, high_weights=(0.35, 0.35, 0.3),
           low_weights=(0.3, 0.3, 0.4)) -> np.ndarray:
    """A 1-6 answer: 4-6 where `good`, else 1-3."""
    n = len(good)
    return np.where(good, 4 + rng.choice(3, n, p=high_weights), 1 + rng.choice(3, n, p=low_weights))


def _hours(hours_class: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Whole weekly hours: full time 37-60 (mostly 37.5 rounded up, 40), long part-time 20-36
    (heaps at 20, 25, 30), short part-time 1-19 (heaps at 10, 15)."""
    full = np.select([u < 0.45, u < 0.55, u < 0.85, u < 0.93], [38, 37, 40, 45], 50)
    long_ = np.where(u < 0.45, np.array([20, 25, 30])[np.minimum((v * 3).astype(int), 2)], 20 + np.floor(v * 17))
    short = np.where(u < 0.4, np.array([10, 15])[np.minimum((v * 2).astype(int), 1)], 1 + np.floor(v * 19))
    return np.select([hours_class == 0, hours_class == 1], [full, long_], short).astype(np.int64)
