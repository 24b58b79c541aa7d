"""The follow-up survey's frame (Oppfølgingsundersøkelsen 2014): who NAV drew, planned person
by person, so the frame file, the answers and the planted register rows all tell one story.

Every drawn person is a 2013 exit by NAV's rule. Per disposition of Tabell 37 (answered,
invited without answer, not invited) the register marginals are exact: exit status after
reclassification, measure in the six months before the exit, gender, birth region and age band
at the end of the exit month. Within a disposition the characteristics are dealt out by rank
cuts of latent scores (exact counts, with sensible dependence: reduced work capacity older and
more often women and Norway-born, measures more often for the young and for reduced work
capacity; among the reduced-work-capacity respondents, for those born outside the EEA, the
oldest and the least educated: see `_reduced_capacity_respondent_measures`). The two persons
marked not invited who answered anyway are job seekers who are not reclassified, so the
answers split 1 608 ARBS / 558 NEDS (Figur 30a/b) while Tabell 37 splits the 2 164 invited
respondents 1 466 / 698 by register status (140 reclassified).

The published counts (Figur 28, Tabell 37, Figur 30a/b n) and shares (12.1, 13.1) come from
seeds/reference/part3_published_figures.csv (followup_seeds); the constants typed here are the
generator's own choices.

Everything here is numbers; followup_answers writes the questionnaire and followup_registers the
register rows from this plan. Deterministic for a seed, independent of the background register
population (so the frame is the same whatever number of background persons the extracts hold).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from nav_placement.demo import followup_seeds as published
from nav_placement.demo import registers_seeds as seeds
from nav_placement.demo.registers_persons import EEA_COUNTRIES, NON_EEA_COUNTRIES, national_ids

# Dispositions of Tabell 37 (by the frame's invitert), in its column order (followup_seeds.DISPOSITIONS).
RESPONDED, NO_ANSWER, NOT_INVITED = 0, 1, 2
DISPOSITIONS = ("responded", "no_answer", "not_invited")
# Tabell 37 (AFI r2014:14, appendix): counts per disposition, from the seed.
EXIT_STATUS = {"JS": published.tabell_37("register_exit_status", "job_seeker"),
               "NAE": published.tabell_37("register_exit_status", "reduced_work_capacity")}
MEASURE = {flag: published.tabell_37("measure_last_6_months_flag", str(flag).lower()) for flag in (False, True)}
GENDER = {code: published.tabell_37("gender_code", code) for code in ("M", "K")}
REGION = {key: published.tabell_37("birth_region", category)
          for key, category in (("NOR", "norway"), ("EEA", "eea"), ("NON_EEA", "outside_eea"))}
AGE_BANDS = ("under_20", "20_24", "25_29", "30_39", "40_49", "50_59", "60_plus")  # the seed's categories
AGE_BAND = {band: published.tabell_37("age_band", band) for band in AGE_BANDS}
AGE_RANGES = ((17, 19), (20, 24), (25, 29), (30, 39), (40, 49), (50, 59), (60, 65))  # years at exit
FRAME_SIZE, ANSWERS = published.flow("drawn"), published.flow("answers")  # Figur 28: 8 439, 2 166
# Not invited in the frame, answered anyway: derived, Figur 28's 2 166 answers less Tabell 37's
# 2 164 invited respondents = 2 (DESIGN.md: they count in Figur 28's invited box, 7 993).
EXTRA_ANSWERS = ANSWERS - published.count(table_id="T37", indicator="register_exit_status", category="total",
                                          analysis_sample="invited_responded")
# Job-seeker exits NAV reclassifies (reduced work capacity in the five months before), per
# disposition: register NAE but stratum ARBS. Among the invited respondents derived: Figur 30a's
# 1 608 ARBS answers less Tabell 37's 1 466 invited job-seeker respondents less the 2 extra
# answers (job seekers, not reclassified) = 140 (and 698 - 140 = 558, Figur 30b). The other two
# (400 without answer, 30 not invited) are not published: this demo's choice.
RECLASSIFIED_RESPONDED = published.stratum_answers(0) - EXIT_STATUS["JS"][RESPONDED] - EXTRA_ANSWERS
RECLASSIFIED_NO_ANSWER, RECLASSIFIED_NOT_INVITED = 400, 30  # generator choice
RECLASSIFIED = (RECLASSIFIED_RESPONDED, RECLASSIFIED_NO_ANSWER, RECLASSIFIED_NOT_INVITED)
assert EXIT_STATUS["NAE"][RESPONDED] - RECLASSIFIED_RESPONDED == published.stratum_answers(1)
# Register-linked composition (sections 12.1 and 13.1, weighted shares of the strata, from the
# seed; planted unweighted per disposition here, so approximate in the weighted result).
LONG_TERM_SHARE = published.target("long_term_job_seeker_flag", group="job_seeker")  # of ARBS, 15.4%
DAGPENGER_SHARE = published.target("dagpenger_2012_2013_flag", group="job_seeker")  # of ARBS, 2012-2013, 46.6%
# AAP in 2012-2013: NEDS the published 81.6%; the reclassified (75%) and the other job seekers
# (4%, an early reduced-work-capacity episode) are not published: generator choices.
AAP_SHARE = {"NEDS": published.target("aap_2012_2013_flag", group="reduced_work_capacity"), "RECL": 0.75, "JS": 0.04}
EXIT_MONTH_WEIGHTS = np.array([7, 8, 8, 8, 9, 10, 7, 9, 8, 8, 8, 10], dtype=float)  # Jan-Dec 2013
EXIT_MONTH_0 = 24  # January 2013, months counted from January 2011 = 0 (registers_arena.START)
SERIAL_START = 100_001
# Arena codes read at the exit (the exit spell's status), by stratum.
JS_EXIT_CODES = {"HL": 0.62, "DL": 0.14, "AA": 0.24}
NAE_EXIT_CODES = {"NO": 0.3, "NV": 0.35, "NP": 0.15, "NI": 0.2}
EXIT_ON_MEASURE = {"JS": 0.4, "NAE": 0.45}  # of measure participants: on the measure at the exit
SIZE_WEIGHT = {"small": 1.0, "medium": 3.2, "large": 9.0}  # as registers_arena

S_FRAME = 3_014  # this module's generator: default_rng([seed, S_FRAME])
S_NEDS_MEASURE = 1  # default_rng([seed, S_FRAME, S_NEDS_MEASURE]): the NEDS respondents' measures
# Who of the reduced-work-capacity respondents had a measure (latent score plus logistic noise).
NEDS_MEASURE_SCORE = {"outside_eea": 1.0, "50_plus": 0.6, "low_education": 0.6}


@cache
def frame_plan(seed: int = 2014) -> pd.DataFrame:
    """One row per drawn person (8 439), in frame (serial) order. Columns:

    serial, disposition, invited, answered, status3 (0 job seeker, 1 reclassified job seeker,
    2 reduced work capacity), stratum (0 ARBS, 1 NEDS), register_nae (exit status after
    reclassification is reduced work capacity), female, age_band (0-6), age (whole years at the
    end of the exit month), birth (days since 1970), region (0 Norway, 1 EEA, 2 outside),
    country (ISO3), measure, long_term, dagpenger, aap, education (Q1 code 1-6, for everyone:
    the answers use it), exit_month (0 = January 2011), exit_end (last day of the exit spell, in
    month m + 1), exit_code (Arena status at the exit), office (index into the office list),
    fnr (int64).
    """
    rng = np.random.default_rng([seed, S_FRAME])
    parts = [_disposition(d, rng) for d in range(3)]
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    assert n == FRAME_SIZE
    # The two not invited who answered anyway: job seekers, not reclassified.
    pool = np.flatnonzero((frame["disposition"] == NOT_INVITED).to_numpy() & (frame["status3"] == 0).to_numpy())
    extra = rng.choice(pool, EXTRA_ANSWERS, replace=False)
    frame["answered"] = frame["disposition"].to_numpy() == RESPONDED
    frame.loc[extra, "answered"] = True
    frame["invited"] = frame["disposition"].to_numpy() != NOT_INVITED
    frame["stratum"] = (frame["status3"] == 2).astype(np.int8)
    frame["register_nae"] = frame["status3"] >= 1
    _flags(frame, rng)
    _education(frame, rng)
    _reduced_capacity_respondent_measures(frame, seed)
    _exit(frame, rng)
    _birth_and_country(frame, rng)
    frame["office"] = _offices(seed, n, rng)
    # Serial numbers in a random order of persons; the file lists them in serial order.
    order = rng.permutation(n)
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "serial", SERIAL_START + np.arange(n))
    frame["fnr"] = national_ids(frame["birth"].to_numpy().astype("datetime64[D]"), frame["female"].to_numpy(),
                                np.zeros(n, dtype=bool), rng)
    return frame


def _disposition(d: int, rng: np.random.Generator) -> pd.DataFrame:
    """The persons of one disposition with exact Tabell 37 marginals."""
    n = sum(counts[d] for counts in EXIT_STATUS.values())
    recl = RECLASSIFIED[d]
    js, nae = EXIT_STATUS["JS"][d], EXIT_STATUS["NAE"][d]
    status3 = rng.permutation(np.repeat(np.array([0, 1, 2], dtype=np.int8), [js, recl, nae - recl]))
    older = np.array([0.0, 0.55, 0.9])[status3]
    band = rank_cut(older + rng.normal(0, 1, n), [c[d] for c in AGE_BAND.values()])
    # Women: reduced work capacity more often (58.6% of NEDS, 45.7% of ARBS in 13.1).
    female = top(np.array([-0.17, 0.2, 0.35])[status3] + _logistic(rng, n), GENDER["K"][d])
    # Birth region: job seekers more often born abroad; EEA more among the 20-49.
    abroad = top(np.array([0.0, -0.6, -1.0])[status3] + 0.15 * ((band >= 1) & (band <= 4)) + _logistic(rng, n),
                 REGION["EEA"][d] + REGION["NON_EEA"][d])
    eea_score = np.array([0.0, -0.3, -0.6])[status3] + 0.3 * ~female + _logistic(rng, n)
    eea = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(abroad)
    eea[idx[top(eea_score[idx], REGION["EEA"][d])]] = True
    region = np.where(eea, 1, np.where(abroad, 2, 0)).astype(np.int8)
    # Measures in the six months before exit: reduced work capacity and the young more often.
    measure = top(np.array([0.0, 0.5, 0.6])[status3] - 0.12 * band + 0.25 * (region == 2) + _logistic(rng, n),
                  MEASURE[True][d])
    return pd.DataFrame({"disposition": np.full(n, d, dtype=np.int8), "status3": status3, "female": female,
                         "age_band": band.astype(np.int8), "region": region, "measure": measure})


def _flags(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Long-term job seekers (HL 26 weeks up to the exit), dagpenger and AAP in 2012-2013."""
    n = len(frame)
    status3, band = frame["status3"].to_numpy(), frame["age_band"].to_numpy()
    region, female, measure = frame["region"].to_numpy(), frame["female"].to_numpy(), frame["measure"].to_numpy()
    long_term, dagpenger, aap = (np.zeros(n, dtype=bool) for _ in range(3))
    for d in range(3):
        here = frame["disposition"].to_numpy() == d
        arbs = here & (status3 <= 1)
        eligible = arbs & (status3 == 0) & ~measure & (band >= 1)
        score = 0.15 * band + 0.5 * (region == 2) + 0.3 * (region == 1) + 0.1 * ~female + _logistic(rng, n)
        long_term |= _top_among(score, eligible, round(LONG_TERM_SHARE * arbs.sum()))
        eligible = arbs & (band >= 1)
        score = 1.5 * long_term - 1.0 * (status3 == 1) + 0.1 * band + _logistic(rng, n)
        dagpenger |= _top_among(score, eligible, round(DAGPENGER_SHARE * arbs.sum()))
        for code, group in ((2, "NEDS"), (1, "RECL"), (0, "JS")):
            chosen = here & (status3 == code) & ~long_term  # a long-term job seeker had no AAP episode
            aap |= _top_among(_logistic(rng, n), chosen, round(AAP_SHARE[group] * chosen.sum()))
    aap &= ~((status3 == 0) & (band == 0))  # the early reduced-work-capacity episode needs some age
    frame["long_term"], frame["dagpenger"], frame["aap"] = long_term, dagpenger, aap


def _education(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Highest completed education (Q1) for every drawn person: lower for reduced work capacity,
    the youngest (not finished) and the oldest; spread wider for those born outside the EEA."""
    n = len(frame)
    band, region = frame["age_band"].to_numpy(), frame["region"].to_numpy()
    by_band = np.array([-1.6, -0.45, 0.2, 0.25, 0.05, -0.15, -0.35])
    z = (by_band[band] - 0.45 * (frame["stratum"].to_numpy() == 1) + 0.12 * frame["female"].to_numpy()
         - 0.25 * (region == 2) + rng.normal(0, 1, n) * np.where(region == 2, 1.3, 1.0))
    code = 1 + np.searchsorted(np.array([-0.84, -0.33, 0.41, 1.13]), z)
    unknown = (code == 1) & (rng.random(n) < np.where(region == 2, 0.3, 0.1))
    frame["education"] = np.where(unknown, 6, code).astype(np.int8)


def _reduced_capacity_respondent_measures(frame: pd.DataFrame, seed: int) -> None:
    """Which reduced-work-capacity respondents had a measure (their number unchanged, so Tabell
    37 stays exact): more often those born outside the EEA, the oldest and the least educated,
    who go back to work less. So the measure's own positive effect on work (M2: significant,
    54% vs 44% in work) is larger all else equal than the bivariate difference, as the report's
    model says. A generator of its own, so the rest of the plan draws the same numbers."""
    rng = np.random.default_rng([seed, S_FRAME, S_NEDS_MEASURE])
    chosen = ((frame["disposition"] == RESPONDED) & (frame["status3"] == 2)).to_numpy()
    count = int(frame["measure"].to_numpy()[chosen].sum())
    band, region = frame["age_band"].to_numpy(), frame["region"].to_numpy()
    low_education = np.isin(frame["education"].to_numpy(), [1, 2, 6])
    score = (NEDS_MEASURE_SCORE["outside_eea"] * (region == 2) + NEDS_MEASURE_SCORE["50_plus"] * (band >= 5)
             + NEDS_MEASURE_SCORE["low_education"] * low_education + _logistic(rng, len(frame)))
    measure = frame["measure"].to_numpy().copy()
    measure[chosen] = _top_among(score, chosen, count)[chosen]
    frame["measure"] = measure


def _exit(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Exit month (2013), the day the exit spell ends (in month m + 1, never its last day, so the
    end of m + 1 is not covered) and the Arena status read at the exit."""
    n = len(frame)
    month = EXIT_MONTH_0 + rng.choice(12, n, p=EXIT_MONTH_WEIGHTS / EXIT_MONTH_WEIGHTS.sum())
    start = month_start(month + 1)
    length = month_start(month + 2) - start
    frame["exit_month"] = month
    frame["exit_end"] = start + np.floor(rng.random(n) * (length - 1)).astype(np.int64)
    js = frame["status3"].to_numpy() <= 1
    measure, long_term = frame["measure"].to_numpy(), frame["long_term"].to_numpy()
    js_code = np.array(list(JS_EXIT_CODES))[rng.choice(3, n, p=list(JS_EXIT_CODES.values()))]
    nae_code = np.array(list(NAE_EXIT_CODES))[rng.choice(4, n, p=list(NAE_EXIT_CODES.values()))]
    u = rng.random(n)
    code = np.where(js, np.where(measure & (u < EXIT_ON_MEASURE["JS"]), "AT", js_code),
                    np.where(measure & (u < EXIT_ON_MEASURE["NAE"]), "NT", nae_code))
    frame["exit_code"] = np.where(long_term, "HL", code)


def _birth_and_country(frame: pd.DataFrame, rng: np.random.Generator) -> None:
    """Birth date giving the age band at the end of the exit month (two days' margin from a
    birthday, so no reading of age can differ), and a birth country of the region."""
    n = len(frame)
    low, high = (np.array(column) for column in zip(*AGE_RANGES))
    band = frame["age_band"].to_numpy()
    age = low[band] + np.floor(rng.random(n) * (high[band] - low[band] + 1)).astype(np.int64)
    month = frame["exit_month"].to_numpy()
    latest = month_start(month - 12 * age + 1) - 1 - 2  # month end, age years before, minus 2 days
    earliest = month_start(month - 12 * (age + 1) + 1) - 1 + 2
    birth = earliest + np.floor(rng.random(n) * (latest - earliest + 1)).astype(np.int64)
    frame["age"], frame["birth"] = age, birth
    table = seeds.countries()
    eea_flag = set(table.loc[table["eea_2014_flag"] == "true", "iso3"])
    eea = [c for c in EEA_COUNTRIES if c in eea_flag and c != "NOR"]
    non_eea = [c for c in NON_EEA_COUNTRIES if c not in eea_flag and c in set(table["iso3"])]
    country = np.full(n, "NOR", dtype=object)
    region = frame["region"].to_numpy()
    for r, codes, weights in ((1, eea, EEA_COUNTRIES), (2, non_eea, NON_EEA_COUNTRIES)):
        chosen = np.flatnonzero(region == r)
        p = np.array([weights[c] for c in codes], dtype=float)
        country[chosen] = np.array(codes, dtype=object)[rng.choice(len(codes), len(chosen), p=p / p.sum())]
    frame["country"] = country


def _offices(seed: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """The office following each person up (larger offices more users), as registers_arena."""
    weights = seeds.offices(seed)["size_class"].map(SIZE_WEIGHT).to_numpy(dtype=float)
    return rng.choice(len(weights), n, p=weights / weights.sum())


# --- small tools shared with followup_answers and followup_registers ---------------------------


def month_start(month) -> np.ndarray:
    """First day (days since 1970) of month index `month` (0 = January 2011)."""
    return (np.datetime64("2011-01", "M") + np.asarray(month)).astype("datetime64[D]").astype(np.int64)


def rank_cut(latent: np.ndarray, counts) -> np.ndarray:
    """Category by rank: the lowest `counts[0]` latent values get 0, the next `counts[1]` 1, ..."""
    result = np.empty(len(latent), dtype=np.int64)
    result[np.argsort(latent, kind="stable")] = np.repeat(np.arange(len(counts)), counts)
    return result


def top(score: np.ndarray, count: int) -> np.ndarray:
    """The `count` highest scores as a mask."""
    mask = np.zeros(len(score), dtype=bool)
    if count > 0:
        mask[np.argsort(-score, kind="stable")[:count]] = True
    return mask


def _top_among(score: np.ndarray, eligible: np.ndarray, count: int) -> np.ndarray:
    idx = np.flatnonzero(eligible)
    mask = np.zeros(len(score), dtype=bool)
    mask[idx[top(score[idx], min(count, len(idx)))]] = True
    return mask


def _logistic(rng: np.random.Generator, n: int) -> np.ndarray:
    u = rng.random(n)
    return np.log(u / (1 - u))
