"""The gross sample (bruttoutvalg) of the 2014 follow-up survey: everyone drawn, with the
fieldwork outcome and the register variables the directorate linked.

Dispositions reproduce Figur 6 exactly (counts from the reference seed; the 6 993 with a phone
number that Figur 6 does not account for are delivered as code 15). Register variables carry
only raw codes: the warehouse derives youth, immigrant background, NAE and long-term job
seeking from them, so the traits chosen for each person are written here as a birth date, a
birth country, a labour-market status code and a job-seeker duration.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from nav_placement.demo import users_seeds as seeds
from nav_placement.demo import users_structure as structure
from nav_placement.demo.calibrate import apportion

REFERENCE_YEAR = 2013  # age is counted at the end of 2013 (wave 2014)
YOUTH_AGES, ADULT_AGES = (16, 24), (25, 69)
SERIAL_START = 100001  # Løpenr: six digits

# Generator choices (the report gives none of these).
NONRESPONSE_SPLIT = {31: 35, 32: 25, 33: 10, 41: 12, 42: 13, 43: 5}  # % of frafall per reason
STATUS_ODDS_BY_OUTCOME = {  # how each outcome over- or under-represents the status groups 1-6
    "no_phone": (1.5, 1.1, 1.4, 0.8, 1.0, 1.3),
    "not_released": (1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
    "quota_full": (0.9, 1.0, 0.9, 1.15, 0.9, 0.9),
    "refusal": (1.1, 1.0, 1.1, 0.95, 1.05, 1.0),
    "unable": (0.8, 0.8, 0.9, 1.35, 1.2, 0.9),
    "incomplete": (1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
}
LANGUAGE_NON_WESTERN = 0.75  # refusals for language problems (41) are mostly immigrants
NOT_REGISTERED_SHARE = 0.15  # of non-respondents without register status, coded IR rather than empty
NAE_OTHER_CODES = {"NV": 0.15, "NO": 0.1, "NP": 0.1, "NI": 0.65}  # NAE not on a measure, by sub-status
BENEFITS = {1: {"DAGP": 0.62, "INGEN": 0.38}, 2: {"DAGP": 0.72, "INGEN": 0.28},
            3: {"INDS": 0.55, "DAGP": 0.3, "INGEN": 0.15}, 4: {"AAP": 1.0}, 5: {"SYKP": 1.0}, 6: {"OVST": 1.0}}
COUNTY_POPULATION = {  # % of the follow-up population per county (about the 2014 population)
    "01": 5.9, "02": 10.6, "03": 12.1, "04": 4.0, "05": 3.8, "06": 5.4, "07": 4.8, "08": 3.5, "09": 2.3,
    "10": 3.4, "11": 8.7, "12": 9.4, "14": 2.1, "15": 5.0, "16": 5.9, "17": 2.8, "18": 5.0, "19": 3.3, "20": 1.5}
COUNTY_RESPONSE = {"03": 0.78, "02": 0.9, "20": 0.85, "19": 0.92, "14": 1.22, "15": 1.12, "05": 1.1, "17": 1.15,
                   "04": 1.05, "12": 1.04}  # others 1.0: interview propensity, which the weights undo
UNKNOWN_COUNTY = 0.003  # of those never interviewed, register without a county
DURATION_UNKNOWN_JOBSEEKER = 0.04  # job seekers without a duration in the register
DURATION_KNOWN_OTHER = 0.12  # other groups with a (short) job-seeker spell on record
LONG_DURATION_MEDIAN, LONG_DURATION_SIGMA, LONGEST = 55, 0.55, 520  # weeks, for 26 weeks or more
BOUNDARY_CASES = 3  # complete interviews planted at exactly 25 and exactly 26 weeks
NON_WESTERN_COUNTRIES = {
    "SOM": 10, "POL": 9, "IRQ": 8, "PAK": 6, "ERI": 5, "AFG": 5, "IRN": 5, "TUR": 4, "VNM": 4, "BIH": 4, "RUS": 4,
    "LTU": 4, "LKA": 3, "THA": 3, "PHL": 3, "ETH": 3, "SYR": 2, "CHL": 2, "MAR": 2, "SRB": 2, "CHN": 2, "IND": 2,
    "COD": 1, "COL": 1, "BRA": 1, "ROU": 1, "": 6}  # "" = birth country unknown (counts as non-western)
WESTERN_COUNTRIES = {"NOR": 960, "SWE": 12, "DNK": 8, "DEU": 6, "GBR": 4, "USA": 3, "FIN": 2, "ISL": 2, "NLD": 2,
                     "FRA": 1}
FEMALE = {1: 0.42, 2: 0.58, 3: 0.5, 4: 0.62, 5: 0.64, 6: 0.96}  # before calibration
ADULT_AGE_MEAN = {1: 43.0, 2: 45.5, 3: 37.0, 4: 48.0, 5: 50.5, 6: 33.5}
ADULT_AGE_SD, YOUTH_AGE_MEAN, YOUTH_AGE_SD = 10.0, 21.0, 2.3


def disposition_counts() -> dict[int, int]:
    """Persons per disposition code, from Figur 6 (every count read from the reference seed)."""
    codes = seeds.dispositions().set_index("disposition_code")
    by_category = {
        "no_phone": seeds.flow("drawn") - seeds.flow("phone_found"),
        "quota_full": seeds.flow("quota_full"),
        "complete": seeds.sample_size(1),
        "incomplete": seeds.flow("interview") - seeds.sample_size(1),
    }
    by_category["not_released"] = (seeds.flow("phone_found") - seeds.flow("interview") - seeds.flow("nonresponse")
                                   - seeds.flow("quota_full"))
    counts = {}
    for category, total in by_category.items():
        (code,) = codes.index[codes["fieldwork_category"] == category]
        counts[int(code)] = total
    reasons = [c for c in codes.index if codes.loc[c, "nonresponse_flag"]]
    split = apportion(seeds.flow("nonresponse"), [NONRESPONSE_SPLIT[c] for c in reasons])
    counts.update({int(c): n for c, n in zip(reasons, split)})
    return dict(sorted(counts.items()))


def _choice(rng: np.random.Generator, options: dict, size: int) -> np.ndarray:
    keys = list(options)
    weights = np.array(list(options.values()), dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=weights / weights.sum())]


def _prior_traits(status: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Traits of a drawn person who is not a complete interview, from the structure's priors."""
    n = len(status)

    def by_status(mapping: dict) -> np.ndarray:
        return np.vectorize(mapping.get)(status).astype(float)

    register = np.full(n, "own", dtype=object)
    for code, shares in structure.REGISTER_PRIOR.items():
        members = np.flatnonzero(status == code)
        options = {structure.REGISTER_CLASSES[c]: s for c, s in shares.items()}
        register[members] = _choice(rng, options, len(members))
    return pd.DataFrame({
        "register_class": register,
        "youth": rng.random(n) < by_status(structure.YOUTH_PRIOR),
        "non_western": rng.random(n) < by_status(structure.NON_WESTERN_PRIOR),
        "long_term": rng.random(n) < by_status(structure.LONG_TERM_PRIOR),
    })


def draw_frame(complete: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Everyone drawn: disposition, status group and traits; complete interviews from the
    solved structure, broken-off interviews like complete ones of their status group, the rest
    from the priors. Rows in Løpenr order."""
    codes = seeds.dispositions().set_index("disposition_code")
    counts = disposition_counts()
    shares = complete["status_group_code"].value_counts(normalize=True).sort_index().to_numpy()
    parts = []
    for code, count in counts.items():
        category = codes.loc[code, "fieldwork_category"]
        if codes.loc[code, "complete_flag"]:
            part = complete.copy()
        else:
            odds = shares * np.array(STATUS_ODDS_BY_OUTCOME[category])
            status = rng.choice(np.arange(1, 7), size=count, p=odds / odds.sum())
            if category == "incomplete":  # like a complete interview of the same status group
                donors = [complete.index[complete["status_group_code"] == s] for s in status]
                part = complete.loc[[rng.choice(d) for d in donors]].reset_index(drop=True)
            else:
                part = _prior_traits(status, rng).assign(status_group_code=status)
                if code == 41:
                    part["non_western"] = rng.random(count) < LANGUAGE_NON_WESTERN
        parts.append(part.assign(disposition_code=code))
    frame = pd.concat(parts, ignore_index=True)
    frame["serial_number"] = SERIAL_START + rng.permutation(len(frame))
    interviewed = frame["disposition_code"].map(codes["interview_flag"]).astype(bool)
    frame["interviewed"] = interviewed
    frame["complete"] = frame["disposition_code"].map(codes["complete_flag"]).astype(bool)
    frame["county_code"] = draw_counties(interviewed.to_numpy(), rng)
    return frame.sort_values("serial_number", ignore_index=True)


def draw_counties(interviewed: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """County of residence; the interviewed lean to the counties that answer more readily."""
    population = pd.Series(COUNTY_POPULATION)
    population = population[seeds.counties()["county_code"]]  # every 2014 county, in code order
    response = population.index.map(lambda c: COUNTY_RESPONSE.get(c, 1.0)).to_numpy()
    counties = np.empty(len(interviewed), dtype=object)
    counties[interviewed] = _choice(rng, dict(zip(population.index, population.to_numpy() * response)),
                                    int(interviewed.sum()))
    others = np.flatnonzero(~interviewed)
    counties[others] = _choice(rng, dict(population), len(others))
    counties[others[rng.random(len(others)) < UNKNOWN_COUNTY]] = ""
    return counties


def county_weights(frame: pd.DataFrame) -> pd.Series:
    """Weight of each interviewed person: the county's share of the drawn population over its
    share of the interviews (so the weights average one), rounded as delivered (6 decimals)."""
    known = frame["county_code"] != ""
    population = frame.loc[known, "county_code"].value_counts(normalize=True)
    interviews = frame.loc[frame["interviewed"], "county_code"].value_counts(normalize=True)
    weight = (population / interviews).round(6)
    return frame["county_code"].map(weight).where(frame["interviewed"])


def labour_market_status(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Arbeidsmarkedsstatus code from the register class: a job seeker's own status, an NAE
    sub-status, AA / AP, or empty (uten informasjon; a few non-respondents IR)."""
    statuses = seeds.labour_market_statuses()
    groups = seeds.status_groups().set_index("status_group_code")["status_group"]
    on_measure = statuses.loc[statuses["nae_on_measure_flag"], "labour_market_status_code"].iloc[0]
    by_main = statuses.drop_duplicates("main_group").set_index("main_group")["labour_market_status_code"]
    fixed = {"nae_on_measure": on_measure, "arena": by_main["andre_registrert_i_arena"],
             "other_measure": by_main["andre_pa_tiltak"], "none": ""}
    codes = np.empty(len(frame), dtype=object)
    register = frame["register_class"].to_numpy()
    for cls, code in fixed.items():
        codes[register == cls] = code
    others = np.flatnonzero(register == "nae_other")
    codes[others] = _choice(rng, NAE_OTHER_CODES, len(others))
    jobseekers = np.flatnonzero(register == "own")
    codes[jobseekers] = by_main[groups[frame["status_group_code"].to_numpy()[jobseekers]].to_numpy()].to_numpy()
    unregistered = np.flatnonzero((register == "none") & ~frame["interviewed"].to_numpy()
                                  & (rng.random(len(frame)) < NOT_REGISTERED_SHARE))
    codes[unregistered] = by_main["ikke_registrert"]
    return codes


def benefit(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Ytelse consistent with the status group (AAP for AAP, sykepenger for the sick-listed ...)."""
    result = np.empty(len(frame), dtype=object)
    status = frame["status_group_code"].to_numpy()
    for code, options in BENEFITS.items():
        members = np.flatnonzero(status == code)
        result[members] = _choice(rng, options, len(members))
    return result


def jobseeker_duration(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Weeks as a job seeker (empty = no duration on record): 26 or more for the long-term,
    under 26 otherwise; mostly empty outside the job-seeker groups. A few complete interviews
    sit exactly on the 25/26-week boundary."""
    n = len(frame)
    jobseeker = frame["register_class"].to_numpy() == "own"
    long_term = frame["long_term"].to_numpy()
    weeks = np.full(n, np.nan)
    long_weeks = 26 + np.round(np.exp(rng.normal(np.log(LONG_DURATION_MEDIAN - 26), LONG_DURATION_SIGMA, n)))
    weeks[long_term] = np.minimum(long_weeks, LONGEST)[long_term]
    short = ~long_term & np.where(jobseeker, rng.random(n) >= DURATION_UNKNOWN_JOBSEEKER,
                                  rng.random(n) < DURATION_KNOWN_OTHER)
    weeks[short] = np.floor(rng.beta(1.1, 1.6, n) * 26)[short]
    complete = frame["complete"].to_numpy()
    for flag, boundary in ((True, 26), (False, 25)):
        candidates = np.flatnonzero(complete & jobseeker & (long_term == flag))
        weeks[rng.choice(candidates, BOUNDARY_CASES, replace=False)] = boundary
    return weeks


def birth_country(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """ISO alpha-3 birth country (empty = unknown) agreeing with the person's trait; every code
    is checked against the country seed."""
    western = seeds.countries().set_index("iso3")["western_flag"]
    assert all(western[c] for c in WESTERN_COUNTRIES)
    assert not any(western[c] for c in NON_WESTERN_COUNTRIES if c)
    non_western = frame["non_western"].to_numpy()
    result = np.empty(len(frame), dtype=object)
    result[non_western] = _choice(rng, NON_WESTERN_COUNTRIES, int(non_western.sum()))
    result[~non_western] = _choice(rng, WESTERN_COUNTRIES, int((~non_western).sum()))
    return result


def prior_female(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    return rng.random(len(frame)) < frame["status_group_code"].map(FEMALE).to_numpy()


def prior_age(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Age at the end of 2013 (unrounded latent value), inside the youth or adult range."""
    youth = frame["youth"].to_numpy()
    adult = frame["status_group_code"].map(ADULT_AGE_MEAN).to_numpy()
    noise = rng.normal(0, 1, len(frame))
    return np.where(youth, YOUTH_AGE_MEAN + YOUTH_AGE_SD * noise, adult + ADULT_AGE_SD * noise)


def age_range(youth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    low = np.where(youth, YOUTH_AGES[0], ADULT_AGES[0])
    high = np.where(youth, YOUTH_AGES[1], ADULT_AGES[1])
    return low, high


def birth_dates(age: np.ndarray, complete: np.ndarray, rng: np.random.Generator) -> list[str]:
    """A birth date giving each age at 31 December 2013; two complete interviews are born on
    the youth boundary: 31 December 1989 (24, youth) and 31 December 1988 (25, not youth)."""
    years = REFERENCE_YEAR - age.astype(int)
    days = rng.integers(0, 365, len(age))
    result = [(date(int(y), 1, 1) + timedelta(days=int(min(d, 364)))).isoformat() for y, d in zip(years, days)]
    for boundary_age in (YOUTH_AGES[1], ADULT_AGES[0]):
        person = rng.choice(np.flatnonzero(complete & (age == boundary_age)))
        result[person] = date(REFERENCE_YEAR - boundary_age, 12, 31).isoformat()
    return result
