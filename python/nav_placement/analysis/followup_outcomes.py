"""The follow-up survey (Part 3, Oppfølgingsundersøkelsen): weights and weighted outcomes.

Reads marts.fct_followup_frame (every drawn person) and marts.fct_followup_respondent (every
answer linked to the frame) and writes three analysis tables:

- analysis.followup_weights: per respondent the report's two weights (docs/DESIGN.md "Weights"):
  `w_gender_age` = all respondents post-stratified to the frame's counts of gender x age band
  (weight 1, "used in all analyses", so the results of each exit group); `w_exit_status` = raked
  from weight 1 to the same gender x age cells and to the frame's exit-group totals (weight 2,
  for pooled results). A cell without a respondent is merged with its neighbouring age band
  (`collapsed_cells` in the diagnostics); raking that does not converge stops the step.
- analysis.followup_weight_diagnostics: per weight and exit group (and 'all'): n, sum, min, max,
  max/min, CV, Kish design effect, effective n.
- analysis.followup_outcomes: weighted shares and means with linearised standard errors and 95%
  intervals (logit for shares), by exit group (exit_group from the frame stratum: ARBS =
  job_seeker, NEDS = reduced_work_capacity, and 'all') and by each breakdown. Every estimate is a
  domain estimate on the full design of the wave (respondents as units, strata = frame stratum),
  never a subset; cells with fewer than serving.MIN_CELL_COUNT respondents are withheld.

Standard errors account for the calibration of the weights, as R's survey package does
(`design_for`; docs/DESIGN.md "Survey statistics"): w_gender_age estimates on
SurveyDesign(w_gender_age, strata, poststrata = gender x age band cell), R's
postStratify(svydesign(ids = ~1, strata = ~stratum, weights = ~1), ~gender_code + age_band, frame
counts); w_exit_status estimates on SurveyDesign(w_exit_status, strata, rake_margins = (cell,
exit group)), R's rake(svydesign(... weights = ~1), list(~cell, ~stratum), frame counts) (R's
raking variance, ten sweeps of residuals over the margins; it matches R to ~1e-9 relative on
tests/r/followup_fixture.csv). The cells are gender x age band as the respondents have them:
collapsing (`collapse_cells`, min_respondents=1) only merges bands without a respondent into a
neighbour, so the respondents fall into the same groups as in the collapsed cells. Weights that
are not equal within those cells (x exit group for w_exit_status), i.e. not made by
`compute_weights`, are taken as fixed, with a warning.

The pure functions (`compute_weights`, `estimate_outcomes`) take DataFrames with the marts'
columns; `run` reads the marts and writes the tables.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from nav_placement.analysis.tables import replace_analysis_table
from nav_placement.paths import Paths
from nav_placement.serving import MIN_CELL_COUNT
from nav_placement.stats import (
    SurveyDesign, band_order, collapse_cells, poststratify, rake, weight_diagnostics, weighted_mean, weighted_share,
)

EXIT_GROUP_OF_STRATUM = {"ARBS": "job_seeker", "NEDS": "reduced_work_capacity"}
EXIT_GROUPS = ("job_seeker", "reduced_work_capacity")
WEIGHT_CELLS = ["gender_code", "age_band"]
COLLAPSE_ALONG = "age_band"
UNKNOWN = "unknown"  # a register characteristic missing for a drawn person: a weighting cell of its own
WEIGHT_WITHIN_GROUP, WEIGHT_POOLED = "w_gender_age", "w_exit_status"
RAKE_TOLERANCE, RAKE_MAX_ITERATIONS = 1e-9, 1000

# breakdown name -> respondent column
BREAKDOWNS = {
    "gender": "gender_code", "age_band": "age_band", "youth_flag": "youth_flag", "education_group": "education_group",
    "birth_region": "birth_region", "measure_last_6_months_flag": "measure_last_6_months_flag",
    "long_term_job_seeker_flag": "long_term_job_seeker_flag", "work_time_class": "work_time_class",
    "employment_type": "employment_type", "in_ordinary_work_flag": "in_ordinary_work_flag",
}
DERIVED_COLUMNS = [
    "in_ordinary_work_flag", "transition_status", "work_time_class", "part_time_flag", "employment_type",
    "combines_benefit_flag", "relevant_education_flag", "relevant_experience_flag", "relevant_job_wish_flag",
    "satisfied_nav_followup_flag", "high_own_effort_flag", "jobs_applied_midpoint", "education_group", "youth_flag",
    "birth_region", "measure_last_6_months_flag", "long_term_job_seeker_flag", "dagpenger_2012_2013_flag",
    "aap_2012_2013_flag",
]
# The questionnaire's order of the categories; a value not listed comes after them.
CATEGORY_ORDER = {
    "transition_status": ["ordinary_work", "trainee_apprentice_wage_subsidy", "nav_measure", "self_financed_education",
                          "long_term_sick", "disability_pension", "old_age_pension", "job_seeker", "other"],
    "employment_type": ["permanent", "temporary", "other"],
    "work_time_class": ["full_time", "long_part_time", "short_part_time"],
    "education_group": ["primary_or_unknown", "upper_secondary_started", "upper_secondary_completed",
                        "higher_up_to_3_years", "higher_over_3_years"],
    "birth_region": ["norway", "eea", "outside_eea", "unknown"],
    "gender_code": ["K", "M"],
    "q02_in_job": ["yes", "no", "not_answered", "invalid_code"],
    "jobs_applied_band": ["none", "1_2", "3_5", "6_7", "8_10", "11_20", "21_40", "41_60", "61_80", "81_100", "over_100",
                          "applied", "dont_know", "not_applicable", "not_answered", "invalid_code"],
}
# Multiple-answer boxes (1 ticked, empty not ticked), found by their raw column names
# (`q08_01` or `q08_01_<suffix>`): family -> (pattern, base).
TICK_FAMILIES = {
    "q08": (r"^q08_\d{2}(_\w+)?$", "ordinary_work"),
    "q09": (r"^q09_\d{2}(_\w+)?$", "respondents"),
    "q12a": (r"^q12a_\d{2}(_\w+)?$", "respondents"),
    "q14": (r"^q14_\d(_\w+)?$", "respondents"),
}
Q02_PATTERN, Q13A_PATTERN = r"^q02(_[a-z_]+)?$", r"^q13a(_[a-z_]+)?$"
Q12B_PATTERN = r"^q12b_\d{2}(_\w+)?_importance$"
Q02_CATEGORIES = {1: "yes", 2: "no"}
Q13A_CATEGORIES = {1: "none", **{code: "applied" for code in range(2, 12)}, 12: "dont_know", 13: "not_applicable"}


# ----------------------------------------------------------------------------------------------
# preparing the marts' rows

def _stratum_column(frame: pd.DataFrame) -> str | None:
    return next((c for c in ("stratum_code", "stratum") if c in frame.columns), None)


def prepare(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Check the columns the weights need and add `exit_group` (from the stratum when the mart
    has none) and `design_stratum`; a missing gender or age band becomes 'unknown'."""
    stratum = _stratum_column(frame)
    needed = ["survey_wave", "survey_serial", *WEIGHT_CELLS]
    missing = [c for c in needed if c not in frame.columns]
    if stratum is None and "exit_group" not in frame.columns:
        missing.append("stratum_code (or exit_group)")
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}")
    out = frame.copy()
    if "exit_group" not in out.columns:
        out["exit_group"] = out[stratum].map(EXIT_GROUP_OF_STRATUM)
        unknown = out["exit_group"].isna()
        if unknown.any():
            raise ValueError(f"{what}: stratum not ARBS or NEDS for {int(unknown.sum())} person(s): "
                             f"{sorted(map(str, out.loc[unknown, stratum].unique()))}")
    out["design_stratum"] = out[stratum] if stratum is not None else out["exit_group"]
    for column in WEIGHT_CELLS:
        out[column] = out[column].astype(object).where(out[column].notna(), UNKNOWN).astype(str)
    return out


# ----------------------------------------------------------------------------------------------
# weights

def compute_weights(frame: pd.DataFrame, respondents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two weights per respondent and their diagnostics (see the module docstring).
    Returns (weights: survey_wave, survey_serial, exit_group, w_gender_age, w_exit_status;
    diagnostics: one row per wave x weight x exit group, 'all' pooled)."""
    frame, respondents = prepare(frame, "frame"), prepare(respondents, "respondents")
    weight_rows, diagnostic_rows = [], []
    for wave, people in respondents.groupby("survey_wave", sort=True):
        drawn = frame[frame["survey_wave"] == wave]
        totals = drawn.groupby(WEIGHT_CELLS).size().rename("total").reset_index()
        # Weight 1 (report L6279-6281, "used in all analyses"): gender x age band to the frame.
        collapsed = collapse_cells(people, totals, WEIGHT_CELLS, along=COLLAPSE_ALONG)
        merges = list(collapsed.merges)
        gender_age = poststratify(collapsed.sample, collapsed.totals, WEIGHT_CELLS)
        # Weight 2 (L6281-6301, pooled results): also the exit groups' shares of the frame, by
        # raking to the gender x age cells and the exit-group margin from weight 1.
        cell = collapsed.sample[WEIGHT_CELLS].astype(str).agg(":".join, axis=1)
        cell_totals = collapsed.totals.assign(
            cell=collapsed.totals[WEIGHT_CELLS].astype(str).agg(":".join, axis=1)).set_index("cell")["total"]
        group_totals = drawn.groupby("exit_group").size()
        raked = rake(collapsed.sample.assign(weight_cell=cell), {"weight_cell": cell_totals, "exit_group": group_totals},
                     weight=gender_age.to_numpy(), tolerance=RAKE_TOLERANCE, max_iterations=RAKE_MAX_ITERATIONS)
        weight_rows.append(pd.DataFrame({
            "survey_wave": people["survey_wave"].astype(int), "survey_serial": people["survey_serial"],
            "exit_group": people["exit_group"], WEIGHT_WITHIN_GROUP: gender_age.to_numpy(dtype=float),
            WEIGHT_POOLED: raked.to_numpy(dtype=float),
        }, index=people.index))
        for name, weights in ((WEIGHT_WITHIN_GROUP, gender_age), (WEIGHT_POOLED, raked)):
            for group in [*sorted(people["exit_group"].unique()), "all"]:
                inside = np.ones(len(people), bool) if group == "all" else (people["exit_group"] == group).to_numpy()
                diagnostics = weight_diagnostics(np.asarray(weights, dtype=float)[inside])
                diagnostic_rows.append({
                    "survey_wave": int(wave), "weight_name": name, "exit_group": group, "n": diagnostics["n"],
                    "weight_sum": diagnostics["sum"], "min": diagnostics["min"], "max": diagnostics["max"],
                    "ratio": diagnostics["ratio"], "cv": diagnostics["cv"], "kish_deff": diagnostics["kish_deff"],
                    "effective_n": diagnostics["effective_n"], "collapsed_cells": "; ".join(merges),
                })
    weights = (pd.concat(weight_rows, ignore_index=True) if weight_rows
               else pd.DataFrame(columns=list(WEIGHT_DOCS)).astype(WEIGHT_DTYPES))
    diagnostics = (pd.DataFrame(diagnostic_rows, columns=list(DIAGNOSTIC_DOCS)) if diagnostic_rows
                   else pd.DataFrame(columns=list(DIAGNOSTIC_DOCS)).astype(DIAGNOSTIC_DTYPES))
    return weights, diagnostics


# ----------------------------------------------------------------------------------------------
# outcomes

@dataclass(frozen=True)
class Outcome:
    outcome: str
    statistic: str        # share | mean
    category: str         # '' for flags and means
    base: str             # who the denominator is
    y: np.ndarray         # value per respondent; NaN = outside the base
    source: str           # the respondent column it comes from (no breakdown by itself)


def _flag_values(series: pd.Series) -> np.ndarray:
    """0/1 as float, NaN for NULL (bool, nullable boolean, numbers or '1'/'true' text)."""
    def one(value):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return np.nan
        if isinstance(value, str):
            return 1.0 if value.strip().lower() in ("1", "true", "t", "yes", "ja") else 0.0
        return 1.0 if bool(value) else 0.0
    return np.array([one(v) for v in series.astype(object)], dtype=float)


def _categories(values: pd.Series, column: str) -> list:
    present = [v for v in pd.unique(values.dropna())]
    if column == "age_band":
        return band_order(present)
    order = CATEGORY_ORDER.get(column, [])
    return [c for c in order if c in present] + sorted((v for v in present if v not in order), key=str)


def outcome_specs(people: pd.DataFrame) -> tuple[list[Outcome], list[str]]:
    """Every outcome estimated for the respondents of one wave (rows of `people`), and the
    questionnaire items looked for but not found in the mart."""
    specs: list[Outcome] = []
    not_found: list[str] = []
    everyone = np.ones(len(people), bool)
    ordinary = _flag_values(people["in_ordinary_work_flag"]) == 1

    def restrict(y, base):
        y = y.astype(float).copy()
        y[~base] = np.nan
        return y

    def flag(column, base=everyone, base_name="answered", outcome=None):
        specs.append(Outcome(outcome or column, "share", "", base_name,
                             restrict(_flag_values(people[column]), base), column))

    def excluded(column, base=everyone, base_name="respondents", outcome=None):
        y = people[column].isna().to_numpy().astype(float)
        specs.append(Outcome(outcome, "share", "", base_name, restrict(y, base), column))

    def categorical(column, values=None, base=everyone, base_name="answered", outcome=None):
        values = people[column] if values is None else values
        answered = values.notna().to_numpy() & base
        for category in _categories(values[answered], outcome or column):
            y = (values == category).to_numpy().astype(float)
            specs.append(Outcome(outcome or column, "share", str(category), base_name, restrict(y, answered), column))

    def ticks(family):
        pattern, base_name = TICK_FAMILIES[family]
        columns = sorted(c for c in people.columns if re.match(pattern, c))
        if not columns:
            not_found.append(family)
        base = ordinary if base_name == "ordinary_work" else everyone
        for column in columns:
            y = np.nan_to_num(_flag_values(people[column]), nan=0.0)  # an empty box is not ticked
            specs.append(Outcome(column, "share", "", base_name, restrict(y, base), column))

    def coded(pattern, mapping, outcome, family):
        column = next((c for c in people.columns if re.match(pattern, c)), None)
        if column is None:
            not_found.append(family)
            return
        codes = pd.to_numeric(people[column], errors="coerce")
        labels = codes.map(mapping).where(codes.notna(), "not_answered").fillna("invalid_code")
        categorical(column, labels, everyone, "respondents", outcome)

    # transitions (Figur 30) and ordinary work
    categorical("transition_status")
    flag("in_ordinary_work_flag")
    coded(Q02_PATTERN, Q02_CATEGORIES, "q02_in_job", "q02")
    # among ordinary work: employment type, working time, benefits, relevance (Figur 33-41)
    categorical("employment_type", base=ordinary, base_name="ordinary_work_answered")
    categorical("work_time_class", base=ordinary, base_name="ordinary_work_answered")
    flag("part_time_flag", ordinary, "ordinary_work_answered")
    flag("combines_benefit_flag", ordinary, "ordinary_work")
    ticks("q08")
    for column in ("relevant_education_flag", "relevant_experience_flag", "relevant_job_wish_flag"):
        flag(column, ordinary, "ordinary_work_answered")
        excluded(column, ordinary, "ordinary_work", column.replace("_flag", "_excluded"))
    # follow-up from NAV and own effort (Figur 48, 49): shares of 4-6 among 1-6, and the excluded
    for column in ("satisfied_nav_followup_flag", "high_own_effort_flag"):
        flag(column)
        excluded(column, outcome=column.replace("_flag", "_excluded"))
    # jobs applied for (Figur 53), applying around measures (Q14), obstacles (Q9), activities (Q12A)
    midpoint = pd.to_numeric(people["jobs_applied_midpoint"], errors="coerce").to_numpy(dtype=float)
    specs.append(Outcome("jobs_applied_midpoint", "mean", "", "answered", midpoint, "jobs_applied_midpoint"))
    if "jobs_applied_band" in people.columns:  # the mart's band of Q13A (none, 1_2, ..., dont_know, not_applicable)
        bands = people["jobs_applied_band"].astype(object).where(people["jobs_applied_band"].notna(), "not_answered")
        categorical("jobs_applied_band", bands, everyone, "respondents")
    else:
        coded(Q13A_PATTERN, Q13A_CATEGORIES, "jobs_applied_band", "q13a")
    for family in ("q14", "q09", "q12a"):
        ticks(family)
    # importance of each activity for getting the job (Figur 52): mean of 1-6 among ordinary work
    for column in sorted(c for c in people.columns if re.match(Q12B_PATTERN, c)):
        values = pd.to_numeric(people[column], errors="coerce").to_numpy(dtype=float)
        specs.append(Outcome(column, "mean", "", "ordinary_work_answered", restrict(values, ordinary), column))
    # composition (report 13.1, Figur 29); exit_group only means something pooled (its share of 'all')
    for column in ("exit_group", "gender_code", "age_band", "birth_region", "education_group"):
        categorical(column)
    for column in ("youth_flag", "measure_last_6_months_flag", "long_term_job_seeker_flag",
                   "dagpenger_2012_2013_flag", "aap_2012_2013_flag"):
        flag(column)
    return specs, not_found


def _breakdown_masks(people: pd.DataFrame) -> list[tuple[str, str, str, np.ndarray]]:
    """(breakdown, category, source column, mask) for 'all' and every category of every breakdown."""
    masks = [("all", "", "", np.ones(len(people), bool))]
    for breakdown, column in BREAKDOWNS.items():
        values = people[column]
        is_flag = column.endswith("_flag")
        if is_flag:
            flags = _flag_values(values)
            for label, value in (("true", 1.0), ("false", 0.0)):
                masks.append((breakdown, label, column, flags == value))
        else:
            for category in _categories(values, column):
                masks.append((breakdown, str(category), column, (values == category).to_numpy()))
    return masks


def weight_cells(people: pd.DataFrame) -> np.ndarray:
    """The post-stratification cell (gender x age band) of every respondent of one wave (rows of
    `prepare`d respondents). The respondents' groups are those of the collapsed cells the weights
    were post-stratified to: collapsing (min_respondents=1) only merges bands without respondents."""
    return (people["gender_code"].astype(str) + ":" + people["age_band"].astype(str)).to_numpy()


def _constant_within(weights: np.ndarray, groups) -> bool:
    spread = pd.Series(weights).groupby(pd.Series(groups).to_numpy()).agg(["min", "max"])
    return bool(((spread["max"] - spread["min"]) <= 1e-9 * spread["max"]).all())


def design_for(people: pd.DataFrame, weight_name: str) -> SurveyDesign:
    """The design of one wave's respondents (`prepare`d, with both weights) for `weight_name`:
    strata = frame stratum, and the calibration the weight went through so that the standard
    errors treat the frame's totals as known (R's postStratify / rake designs; see the module):
    w_gender_age post-stratified to the gender x age band cells, w_exit_status raked to those
    cells and the exit groups.

    Weights made by `compute_weights` are equal within a cell (w_gender_age: from weight 1) and
    within a cell x exit group (w_exit_status). Weights that are not (given from elsewhere) were not
    calibrated to these cells: they are taken as fixed, with a warning."""
    strata = pd.factorize(people["design_stratum"])[0]
    cells = weight_cells(people)
    weights = people[weight_name].to_numpy(float)
    groups = people["exit_group"].to_numpy()
    if weight_name == WEIGHT_WITHIN_GROUP:
        if _constant_within(weights, cells):
            return SurveyDesign(weights, strata, poststrata=cells)
    elif weight_name == WEIGHT_POOLED:
        if _constant_within(weights, pd.Series(cells) + "|" + pd.Series(groups).astype(str)):
            return SurveyDesign(weights, strata, rake_margins=(cells, groups))
    else:
        raise KeyError(weight_name)
    within = "gender x age band cells" + ("" if weight_name == WEIGHT_WITHIN_GROUP else " x exit groups")
    warnings.warn(f"{weight_name} is not equal within the {within}, so it was not calibrated to them by "
                  "compute_weights: its standard errors take the weights as fixed", stacklevel=2)
    return SurveyDesign(weights, strata)


def estimate_outcomes(respondents: pd.DataFrame, weights: pd.DataFrame,
                      min_cell: int = MIN_CELL_COUNT) -> tuple[pd.DataFrame, list[str]]:
    """One row per wave x outcome x category x exit group x breakdown x breakdown category, and
    the questionnaire item families not found in the respondents' columns."""
    missing = [c for c in DERIVED_COLUMNS if c not in respondents.columns]
    if missing:
        raise ValueError(f"respondents: missing derived column(s) {missing}")
    respondents = prepare(respondents, "respondents")
    joined = respondents.merge(weights[["survey_wave", "survey_serial", WEIGHT_WITHIN_GROUP, WEIGHT_POOLED]],
                               on=["survey_wave", "survey_serial"], how="left", validate="one_to_one")
    if joined[[WEIGHT_WITHIN_GROUP, WEIGHT_POOLED]].isna().any().any():
        raise ValueError("respondents without weights")
    rows, not_found = [], set()
    for wave, people in joined.groupby("survey_wave", sort=True):
        people = people.reset_index(drop=True)
        designs = {name: design_for(people, name) for name in (WEIGHT_WITHIN_GROUP, WEIGHT_POOLED)}
        specs, absent = outcome_specs(people)
        not_found.update(absent)
        groups = [(g, WEIGHT_WITHIN_GROUP, (people["exit_group"] == g).to_numpy()) for g in EXIT_GROUPS]
        groups.append(("all", WEIGHT_POOLED, np.ones(len(people), bool)))
        breakdowns = _breakdown_masks(people)
        for group, weight_name, in_group in groups:
            if not in_group.any():
                continue
            design = designs[weight_name]
            domains = [(b, c, source, in_group & mask) for b, c, source, mask in breakdowns if (in_group & mask).any()]
            for spec in specs:
                observed = ~np.isnan(spec.y)
                if not (observed & in_group).any():
                    continue  # not defined in this exit group (the long-term flag for reduced work capacity)
                estimator = weighted_share if spec.statistic == "share" else weighted_mean
                for breakdown, category, source, domain in domains:
                    if source == spec.source:
                        continue  # an outcome by its own categories says nothing
                    answered = domain & observed
                    n = int(answered.sum())
                    suppressed = n < min_cell
                    if suppressed:
                        values = (np.nan,) * 5
                    else:
                        result = estimator(design, spec.y, domain)
                        values = (result.estimate, result.standard_error, result.ci_low, result.ci_high,
                                  result.weighted_n)
                    with_outcome = (int((spec.y[answered] == 1).sum())
                                    if spec.statistic == "share" and not suppressed else None)
                    rows.append((int(wave), spec.outcome, spec.statistic, spec.category, spec.base, group, breakdown,
                                 category, *values[:4], n, values[4], weight_name, suppressed, with_outcome))
    result = pd.DataFrame(rows, columns=list(OUTCOME_DOCS))
    return result.astype(OUTCOME_DTYPES), sorted(not_found)


# ----------------------------------------------------------------------------------------------
# the analysis step

FRAME_QUERY = "select * from marts.fct_followup_frame"
RESPONDENT_QUERY = "select * from marts.fct_followup_respondent"


def run(paths: Paths, progress=print) -> pd.DataFrame:
    """Read the follow-up marts, compute the weights and outcomes, and replace
    analysis.followup_weights, analysis.followup_weight_diagnostics and analysis.followup_outcomes."""
    con = duckdb.connect(str(paths.build_db))
    try:
        present = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        absent = [t for t in ("fct_followup_frame", "fct_followup_respondent") if t not in present]
        if absent:
            raise ValueError(f"the follow-up marts are not built: marts.{', marts.'.join(absent)}")
        frame, respondents = con.execute(FRAME_QUERY).df(), con.execute(RESPONDENT_QUERY).df()
        weights, diagnostics = compute_weights(frame, respondents)
        if len(respondents):
            outcomes, not_found = estimate_outcomes(respondents, weights)
        else:
            outcomes, not_found = pd.DataFrame(columns=list(OUTCOME_DOCS)).astype(OUTCOME_DTYPES), []
        replace_analysis_table(con, "followup_weights", weights,
                               "Grain: survey_wave x survey_serial. The follow-up survey's post-stratification weights "
                               "(respondents to the frame of all drawn persons).", WEIGHT_DOCS)
        replace_analysis_table(con, "followup_weight_diagnostics", diagnostics,
                               "Grain: survey_wave x weight_name x exit_group. Size and spread of each follow-up weight.",
                               DIAGNOSTIC_DOCS)
        replace_analysis_table(con, "followup_outcomes", outcomes,
                               "Grain: survey_wave x outcome x category x exit_group x breakdown x breakdown_category. "
                               "Weighted follow-up survey outcomes with linearised standard errors and 95% intervals, "
                               "each a domain estimate on the full design (strata = frame stratum).", OUTCOME_DOCS)
    finally:
        con.close()
    collapsed = sorted({m for text in diagnostics["collapsed_cells"] for m in text.split("; ") if m})
    progress(f"  weights for {len(weights)} respondents of {frame['survey_serial'].nunique() if len(frame) else 0} drawn"
             + (f"; collapsed cells: {'; '.join(collapsed)}" if collapsed else ""))
    progress(f"  {len(outcomes)} outcome estimates ({int(outcomes['suppressed_flag'].sum())} suppressed, fewer than "
             f"{MIN_CELL_COUNT} respondents)"
             + (f"; items not in marts.fct_followup_respondent: {', '.join(not_found)}" if not_found else ""))
    return outcomes


WEIGHT_DOCS = {
    "survey_wave": "Survey wave (year of the fieldwork).",
    "survey_serial": "Survey serial (lopenr) of the respondent.",
    "exit_group": "job_seeker (frame stratum ARBS) or reduced_work_capacity (NEDS).",
    "w_gender_age": "Weight 1: all respondents post-stratified to the frame's counts of gender x age band (pooled over the exit groups); for results by exit group.",
    "w_exit_status": "Weight 2: raked from weight 1 to the frame's gender x age band counts and exit-group totals; for pooled results.",
}
WEIGHT_DTYPES = {"survey_wave": "int64", "survey_serial": "object", "exit_group": "object",
                 "w_gender_age": "float64", "w_exit_status": "float64"}
DIAGNOSTIC_DOCS = {
    "survey_wave": "Survey wave (year of the fieldwork).",
    "weight_name": "w_gender_age or w_exit_status.",
    "exit_group": "job_seeker, reduced_work_capacity, or all (the respondents pooled).",
    "n": "Respondents.",
    "weight_sum": "Sum of the weights (the frame's persons in these cells).",
    "min": "Smallest weight.",
    "max": "Largest weight.",
    "ratio": "Largest over smallest weight.",
    "cv": "Coefficient of variation of the weights (population standard deviation over mean).",
    "kish_deff": "Kish's design effect of unequal weights, 1 + cv^2 = n sum(w^2) / (sum w)^2.",
    "effective_n": "Effective sample size (sum w)^2 / sum(w^2).",
    "collapsed_cells": "Weighting cells without a respondent merged with a neighbouring age band ('; '-separated), empty when none.",
}
DIAGNOSTIC_DTYPES = {"survey_wave": "int64", "weight_name": "object", "exit_group": "object", "n": "int64",
                     "weight_sum": "float64", "min": "float64", "max": "float64", "ratio": "float64", "cv": "float64",
                     "kish_deff": "float64", "effective_n": "float64", "collapsed_cells": "object"}
OUTCOME_DOCS = {
    "survey_wave": "Survey wave (year of the fieldwork).",
    "outcome": "What is estimated: a column of marts.fct_followup_respondent (transition_status, in_ordinary_work_flag, "
               "employment_type, work_time_class, part_time_flag, combines_benefit_flag, relevant_*_flag, "
               "satisfied_nav_followup_flag, high_own_effort_flag, jobs_applied_midpoint, composition columns), a "
               "multiple-answer box (the mart's q08_NN_*, q09_NN_*, q12a_NN_*, q14_N_* columns: share ticked), the mean "
               "importance q12b_NN_*_importance (1-6, among ordinary work), q02_in_job (yes/no/not_answered, when the "
               "mart has Q2), jobs_applied_band (Q13A band, none, dont_know, not_applicable, not_answered), or "
               "*_excluded (the share without a 1-6 answer).",
    "statistic": "share (a fraction 0-1) or mean.",
    "category": "For categorical outcomes the category counted (e.g. ordinary_work, permanent, full_time, none); empty for 0/1 flags and means.",
    "base": "The denominator: respondents (everyone in the cell), answered (non-null), ordinary_work (respondents in ordinary work), ordinary_work_answered (in ordinary work and non-null).",
    "exit_group": "job_seeker (frame stratum ARBS), reduced_work_capacity (NEDS) or all.",
    "breakdown": "all, gender, age_band, youth_flag, education_group, birth_region, measure_last_6_months_flag, long_term_job_seeker_flag, work_time_class or employment_type.",
    "breakdown_category": "The breakdown's category ('true'/'false' for flags); empty for breakdown all.",
    "estimate": "Weighted share or mean; NULL when suppressed.",
    "standard_error": "Taylor-linearised standard error, domain on the full design (strata = frame stratum), accounting for the calibration of the weight as R's survey package does: w_gender_age post-stratified to the gender x age band cells (postStratify), w_exit_status raked to them and the exit groups (rake).",
    "ci_low": "Lower 95% limit (logit interval for shares as R's svyciprop, normal for means), from that standard error.",
    "ci_high": "Upper 95% limit.",
    "n_unweighted": "Respondents in the cell with a value counted by the statistic.",
    "weighted_n": "Sum of their weights (NULL when suppressed).",
    "weight_name": "w_gender_age within an exit group, w_exit_status for all.",
    "suppressed_flag": f"True when fewer than {MIN_CELL_COUNT} respondents are in the cell: estimate, SE, interval and weighted n withheld.",
    "n_with_outcome": ("Shares: respondents of the cell with the outcome (unweighted); NULL for means and when "
                       f"suppressed. The app withholds a share whose n_with_outcome or n_unweighted - n_with_outcome "
                       f"is 1 to {MIN_CELL_COUNT - 1} (a small group of persons with or without the outcome); this "
                       "table keeps it for analysts reproducing the report (its 0.2% on disability pension is 3 persons)."),
}
OUTCOME_DTYPES = {"survey_wave": "int64", "outcome": "object", "statistic": "object", "category": "object", "base": "object",
                  "exit_group": "object", "breakdown": "object", "breakdown_category": "object", "estimate": "float64",
                  "standard_error": "float64", "ci_low": "float64", "ci_high": "float64", "n_unweighted": "int64",
                  "weighted_n": "float64", "weight_name": "object", "suppressed_flag": "bool",
                  "n_with_outcome": "Int64"}
