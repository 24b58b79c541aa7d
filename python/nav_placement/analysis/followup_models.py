"""The follow-up survey's logistic models (AFI r2014:14 Part 3, section 4 of the extraction).

The report describes about twenty multivariate logistic regressions in prose only (direction and
significance, no tables). This step fits them on the marts and writes two analysis tables:

- analysis.followup_models: one row per model x term (the intercept `const` included): coefficient,
  linearised standard error, odds ratio with its 95% interval, p-value, whether p < 0.05, and how
  many respondents of the model's sample are in the term's category;
- analysis.followup_model_fit: one row per model: the sample, n, weighted n, events, residual degrees
  of freedom, deviance, convergence, the categories merged because they were sparse, and the effects
  the report describes for the model (as text, to read beside the estimates).

Specification (one place: MODELS below, covariates in COVARIATES, rules in `design_matrix`):

- Outcomes are 0/1 columns of marts.fct_followup_respondent (`permanent_employment` is derived here:
  Q5 permanent = 1, temporary or other = 0). Everyone whose outcome is NULL is outside the model.
- Samples: `respondents` (every answer of the exit group) or `ordinary_work` (in_ordinary_work_flag),
  within exit group job_seeker (frame stratum ARBS), reduced_work_capacity (NEDS), or all (pooled).
- Weights and design: w_gender_age for a model within one exit group, w_exit_status for pooled
  models (the report's weight 1 and 2, analysis.followup_weights); strata = frame stratum,
  respondents as units. Each model is fitted on its sample as a *domain of the full design* of the
  wave (R: svyglm(y ~ ..., design = subset(design, sample), family = quasibinomial)), so the
  standard errors count every stratum and unit. The design accounts for the calibration of the
  weight as followup_outcomes does (`followup_outcomes.design_for`): w_gender_age post-stratified
  to the gender x age band cells (R: svyglm on a postStratify()-ed design), w_exit_status raked to
  those cells and the exit groups (R: on a rake()-ed design); the sandwich's score matrix is
  residualised within the post-strata / raking margins before the stratified variance. A respondent of the sample missing a covariate
  (education not answered, birth region unknown, working time or employment type not answered) is
  left out of that model (listwise, as SAS does).
- Covariates (report section 4.1): gender (reference men); age band (reference: see below);
  education (reference primary_or_unknown = påbegynt/fullført grunnskole or vet ikke); birth region
  (reference norway; eea, outside_eea); measure in the six months before the exit (reference no);
  long-term job seeker (reference no; job-seeker models only, it is not defined for reduced work
  capacity and is left out of pooled models); pooled models add exit group (reference job_seeker).
  Models among those in ordinary work add working time (reference full_time; long_part_time 20-36 h,
  short_part_time 1-19 h) and employment type (reference permanent; temporary, other) where the
  report's described effects show them: part-time (employment type only), work combined with
  benefits and the three relevance models (both). The permanent-employment models use the base
  covariates only (the report does not say that working time was in them). The models of
  satisfaction with NAV's follow-up (M14) and own effort (M15) are fitted on every respondent with a
  1-6 answer, and the report names working-time and employment-type effects for them: working time
  gets a fourth category `not_in_ordinary_work`, and the employment-type dummies are 0 outside
  ordinary work, so temporary / other compare with permanent among those in work.
- Age reference: the report is ambiguous (job seekers: "under 24 år" in the permanent model and
  "under 20 år" in the part-time model; reduced work capacity: under 25 because "very few are under
  20", fn 65). Reduced-work-capacity and pooled models use under 25 (16-24: under_20 and 20_24
  together). Job-seeker models start from under_20 as the reference; where that cell is sparse in
  the model's sample (the rule below) it is merged with 20_24, giving the under-25 reference of the
  other models (recorded in merged_categories).
- Sparse categories: a category with fewer than SPARSE_MINIMUM respondents with outcome 1, or with
  outcome 0, in the model's sample is merged with its neighbouring category (ordered categories: the
  adjacent one; of two neighbours the one with fewer respondents), repeatedly, the sparsest first;
  a merge with the reference category makes the merged category the reference. A covariate left
  with one category is dropped. Every merge is listed in the fit table's merged_categories. Not
  in ordinary work (M14, M15) is never merged with a working-time category.
- Not fitted: M16 (number of jobs applied for: a mean of interval midpoints, not a logistic model;
  the report only describes it bivariately).

The design-matrix builder (`design_matrix`) and the table assembly (`fit_models`) are pure
functions on DataFrames; `run` reads the marts and writes the tables. The survey logistic
regression itself is `nav_placement.stats.models.survey_logit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from nav_placement.analysis.followup_outcomes import (
    EXIT_GROUP_OF_STRATUM, WEIGHT_POOLED, WEIGHT_WITHIN_GROUP, compute_weights, design_for, prepare,
)
from nav_placement.analysis.tables import replace_analysis_table
from nav_placement.paths import Paths

SPARSE_MINIMUM = 5          # respondents with outcome 1 and with outcome 0 a category needs
LEVEL = 0.95                # confidence level of the odds-ratio intervals
SIGNIFICANCE = 0.05
NOT_APPLICABLE = "__not_applicable__"  # a structural zero: no dummy, not counted, not missing

EXIT_GROUP_LABELS = {"job_seeker": "former job seekers", "reduced_work_capacity": "former reduced work capacity",
                     "all": "pooled (both exit groups)"}


# ----------------------------------------------------------------------------------------------
# covariates


@dataclass(frozen=True)
class Covariate:
    name: str                       # name used in the term (`<name>=<category>`)
    label: str                      # human-readable name
    levels: tuple[str, ...]         # categories in their order; the first is the reference
    labels: dict[str, str]          # category -> label
    # categories that are never merged with their neighbours (their own chain)
    isolated: tuple[str, ...] = ()


AGE_BANDS = ("under_20", "20_24", "25_29", "30_39", "40_49", "50_59", "60_plus")
AGE_BOUNDS = {"under_20": (None, 19), "20_24": (20, 24), "25_29": (25, 29), "30_39": (30, 39), "40_49": (40, 49),
              "50_59": (50, 59), "60_plus": (60, None)}
EDUCATION_LEVELS = ("primary_or_unknown", "upper_secondary_started", "upper_secondary_completed",
                    "higher_up_to_3_years", "higher_over_3_years")

COVARIATES: dict[str, Covariate] = {c.name: c for c in [
    Covariate("gender", "gender", ("men", "women"), {"men": "men", "women": "women"}),
    Covariate("age_band", "age", AGE_BANDS, {}),  # labels from AGE_BOUNDS (merged bands too)
    Covariate("education_group", "education (Q1)", EDUCATION_LEVELS, {
        "primary_or_unknown": "primary school or unknown", "upper_secondary_started": "upper secondary started",
        "upper_secondary_completed": "upper secondary completed",
        "higher_up_to_3_years": "university/college up to 3 years",
        "higher_over_3_years": "university/college over 3 years"}),
    Covariate("birth_region", "born", ("norway", "eea", "outside_eea"),
              {"norway": "in Norway", "eea": "in another EEA country", "outside_eea": "outside the EEA"}),
    Covariate("measure", "measure", ("no", "yes"),
              {"no": "no measure", "yes": "on a measure in the 6 months before the exit"}),
    Covariate("long_term", "long-term job seeker", ("no", "yes"),
              {"no": "not long-term job seeker", "yes": "long-term job seeker (26 weeks or more)"}),
    Covariate("exit_group", "exit group", ("job_seeker", "reduced_work_capacity"),
              {"job_seeker": "former job seeker", "reduced_work_capacity": "former reduced work capacity"}),
    Covariate("work_time", "working time (Q4)", ("full_time", "long_part_time", "short_part_time", "not_in_ordinary_work"),
              {"full_time": "full time (37+ h)", "long_part_time": "long part-time (20-36 h)",
               "short_part_time": "short part-time (1-19 h)", "not_in_ordinary_work": "not in ordinary work"},
              isolated=("not_in_ordinary_work",)),
    Covariate("employment_type", "employment (Q5)", ("permanent", "temporary", "other"),
              {"permanent": "permanent", "temporary": "temporary", "other": "other work"}),
]}

FLAG_COVARIATES = ("measure", "long_term")  # their category label says it all

BASE = ("gender", "age_band", "education_group", "birth_region", "measure")
JOB_SEEKER_BASE = (*BASE, "long_term")
POOLED_BASE = (*BASE, "exit_group")
IN_WORK_EXTRA = ("work_time", "employment_type")


def category_label(covariate: str, categories: list[str]) -> str:
    """Label of one category or of merged neighbouring categories."""
    if covariate == "age_band":
        low, high = AGE_BOUNDS[categories[0]][0], AGE_BOUNDS[categories[-1]][1]
        if low is None:
            return f"under {high + 1}" + (" (16-24)" if high == 24 else "")
        return f"{low} and over" if high is None else f"{low}-{high}"
    labels = COVARIATES[covariate].labels
    return " + ".join(labels.get(c, c) for c in categories)


def covariate_values(people: pd.DataFrame, covariate: str, all_respondents: bool) -> pd.Series:
    """The covariate's category per respondent (NaN = missing, NOT_APPLICABLE = a structural
    zero). `all_respondents`: the model's sample is not restricted to ordinary work, so working
    time gets the category not_in_ordinary_work and employment type is not applicable there."""
    def flag(column):
        values = _flag_values(people[column])
        return pd.Series(np.where(np.isnan(values), None, np.where(values == 1, "yes", "no")),
                         index=people.index, dtype=object)

    if covariate == "gender":
        return people["gender_code"].map({"K": "women", "M": "men"})
    if covariate == "age_band":
        return people["age_band"].where(people["age_band"].isin(AGE_BANDS))
    if covariate == "education_group":
        return people["education_group"].where(people["education_group"].isin(EDUCATION_LEVELS))
    if covariate == "birth_region":  # unknown birth country: missing
        return people["birth_region"].where(people["birth_region"].isin(COVARIATES["birth_region"].levels))
    if covariate == "measure":
        return flag("measure_last_6_months_flag")
    if covariate == "long_term":
        return flag("long_term_job_seeker_flag")
    if covariate == "exit_group":
        return people["exit_group"].astype(object)
    in_work = _flag_values(people["in_ordinary_work_flag"]) == 1
    if covariate == "work_time":
        values = people["work_time_class"].where(people["work_time_class"].isin(COVARIATES["work_time"].levels))
        return values.where(in_work, "not_in_ordinary_work" if all_respondents else None)
    if covariate == "employment_type":
        values = people["employment_type"].where(people["employment_type"].isin(COVARIATES["employment_type"].levels))
        return values.where(in_work, NOT_APPLICABLE if all_respondents else None)
    raise KeyError(covariate)


def _flag_values(series: pd.Series) -> np.ndarray:
    """0/1 as float, NaN for NULL (bool, nullable boolean, numbers, '1'/'true' text)."""
    def one(value):
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        if isinstance(value, str):
            return 1.0 if value.strip().lower() in ("1", "true", "t", "yes") else 0.0
        return 1.0 if bool(value) else 0.0
    return np.array([one(v) for v in series.astype(object)], dtype=float)


# ----------------------------------------------------------------------------------------------
# outcomes, samples and the models


def outcome_values(people: pd.DataFrame, outcome: str) -> np.ndarray:
    """The model's 0/1 outcome per respondent, NaN where it is not defined."""
    if outcome == "permanent_employment":
        employment = people["employment_type"]
        return np.where(employment.isin(["permanent"]), 1.0,
                        np.where(employment.isin(["temporary", "other"]), 0.0, np.nan))
    return _flag_values(people[outcome])


@dataclass(frozen=True)
class ModelSpec:
    model: str                      # M1 ... M19, with the exit group for the models fitted per group
    label: str
    exit_group: str                 # job_seeker | reduced_work_capacity | all
    outcome: str                    # 0/1 column of the respondent mart (or permanent_employment)
    sample: str                     # respondents | ordinary_work
    covariates: tuple[str, ...]
    reported_effects: str
    order: int = 0

    @property
    def weight_name(self) -> str:
        return WEIGHT_POOLED if self.exit_group == "all" else WEIGHT_WITHIN_GROUP

    @property
    def sample_description(self) -> str:
        group = EXIT_GROUP_LABELS[self.exit_group]
        who = "respondents in ordinary work" if self.sample == "ordinary_work" else "respondents"
        return f"{who}, {group}, with a value of {self.outcome} and every covariate"


def _base(exit_group: str) -> tuple[str, ...]:
    return {"job_seeker": JOB_SEEKER_BASE, "reduced_work_capacity": BASE, "all": POOLED_BASE}[exit_group]


def _suffix(exit_group: str) -> str:
    return {"job_seeker": "job_seeker", "reduced_work_capacity": "reduced_work_capacity", "all": "pooled"}[exit_group]


# The report's described effects (AFI r2014:14 Part 3, prose only; + significant positive,
# - significant negative, ns not significant). Line numbers are the report's.
EFFECTS = {
    ("M1", "job_seeker"): "Women vs men ns; age + (mostly rising with age; Tabell 36: youth lower); education + (rising "
        "with level) except upper secondary started ns vs primary; born in the EEA vs Norway ns; born outside the EEA "
        "vs Norway -; measure ns; long-term job seeker not reported. (L6550-6577)",
    ("M2", "reduced_work_capacity"): "Women vs men ns; age + vs under 25, except 50 and over ns; education + except "
        "the two lowest groups ns from each other; born in the EEA ns (62% vs 48%); born outside the EEA - (29% vs "
        "48%); measure + (54% vs 44%). (L6594-6635)",
    ("M3", "all"): "Reduced work capacity vs job seekers - (46% vs 60%), significant all else equal (age, "
        "education, etc.); other terms not reported. (L6637-6643)",
    ("M4", "all"): "Reduced work capacity vs job seekers + (84% vs 62% permanent), significant all else equal. "
        "(L6658-6662)",
    ("M5", "job_seeker"): "Women -; age + up to 40-49 vs 'under 24' (50 and over not stated); university/college "
        "over 3 years vs primary -; born outside the EEA -; others not reported. (L6664-6678)",
    ("M6", "reduced_work_capacity"): "No significant differences on any covariate. (L6678-6682)",
    ("M7", "job_seeker"): "Women + (52% vs 23%); born outside the EEA + (44% vs 36%); temporary vs permanent + (45% "
        "vs 29%); other work vs permanent + (66% vs 29%); everyone over 20 works part-time less than the under-20s, "
        "differences small above 25 (Tabell 36: youth higher); others not reported. (L6707-6727)",
    ("M8", "reduced_work_capacity"): "Women +; partly age: 40-49 - vs under 25 ('under 24'); nothing else "
        "significant. (L6738-6744)",
    ("M9", "job_seeker"): "Age + (rising, especially over 50); education - (falling with level); short part-time vs "
        "full time +; other work vs permanent + (Tabell 36: temporary); several others ns. (L6776-6786)",
    ("M10", "reduced_work_capacity"): "Age + (rising above 25; 25-29 11%, 60 and over above 80%); short part-time "
        "vs full time + (above 80% vs 20%); measure - (16% vs 51%). (L6798-6816)",
    ("M11", "job_seeker"): "Education +; short and long part-time - vs full time. (L6863-6929)",
    ("M11", "reduced_work_capacity"): "Higher education +; nothing else significant. (L6863-6929)",
    ("M12", "job_seeker"): "Age + (especially over 40); education + (especially over 3 years); measure -. "
        "(L6863-6929)",
    ("M12", "reduced_work_capacity"): "No significant factors ('many of the subgroups are small'). (L6863-6929)",
    ("M13", "job_seeker"): "Only university/college up to 3 years + vs primary; long part-time - vs full time "
        "(reference printed as 'part-time', read full time). (L6863-6929)",
    ("M13", "reduced_work_capacity"): "Education strongly +, especially upper secondary completed or higher. "
        "(L6863-6929)",
    ("M14", "job_seeker"): "Measure + (49% vs 39%); long-term job seeker + (50% vs 39%); temporary employment + "
        "(46% vs 36%). (L7027-7063)",
    ("M14", "reduced_work_capacity"): "Age + (rising); short part-time (under 20 h) + (70% vs 63%). (L7027-7063)",
    ("M14", "all"): "Reduced work capacity more satisfied than job seekers (53% vs 41%), 'confirmed by the "
        "multivariate analysis'. (L7027-7063)",
    ("M15", "job_seeker"): "Age + (rising); education + ('only significant for 3 years of university/college', "
        "which category is ambiguous); temporary employment +. (L7084-7096; Tabell 36 swaps the lists)",
    ("M15", "reduced_work_capacity"): "Only long part-time (20-36 h) +. (L7084-7096; Tabell 36 swaps the lists)",
    ("M15", "all"): "Job seekers vs reduced work capacity ns (91% vs 90%). (L7084-7096)",
    ("M17", "job_seeker"): "Born outside the EEA + (31% vs 19%); measure + (31% vs 20%); a gender contrast (26% vs "
        "18%, subject lost) and 20-24 vs 16-19 (26% vs 13%) of unknown significance (the start of 13.12 is "
        "missing). (L7641-7680)",
    ("M17", "reduced_work_capacity"): "Born outside the EEA +; measure +. (L7641-7680)",
    ("M18", "job_seeker"): "Measure + (42% vs 12%); long-term job seeker + (26% vs 16%); the youngest and the oldest "
        "- vs 20-49. (L7641-7680)",
    ("M18", "reduced_work_capacity"): "Measure +. (L7641-7680)",
    ("M19", "job_seeker"): "Measure +; long-term job seeker +. (L7641-7680)",
    ("M19", "reduced_work_capacity"): "Measure +. (L7641-7680)",
}


def _models() -> list[ModelSpec]:
    specs: list[ModelSpec] = []

    def add(model, label, group, outcome, sample, extra=(), per_group_id=False):
        covariates = tuple(c for c in _base(group) + tuple(extra))
        name = f"{model}_{_suffix(group)}" if per_group_id else model
        specs.append(ModelSpec(name, f"{label} ({EXIT_GROUP_LABELS[group]})", group, outcome, sample, covariates,
                               EFFECTS[(model, group)], len(specs) + 1))

    add("M1", "Ordinary work", "job_seeker", "in_ordinary_work_flag", "respondents")
    add("M2", "Ordinary work", "reduced_work_capacity", "in_ordinary_work_flag", "respondents")
    add("M3", "Ordinary work", "all", "in_ordinary_work_flag", "respondents")
    add("M4", "Permanent employment, in ordinary work", "all", "permanent_employment", "ordinary_work")
    add("M5", "Permanent employment, in ordinary work", "job_seeker", "permanent_employment", "ordinary_work")
    add("M6", "Permanent employment, in ordinary work", "reduced_work_capacity", "permanent_employment",
        "ordinary_work")
    add("M7", "Part-time (under 37 h), in ordinary work", "job_seeker", "part_time_flag", "ordinary_work",
        ("employment_type",))
    add("M8", "Part-time (under 37 h), in ordinary work", "reduced_work_capacity", "part_time_flag",
        "ordinary_work", ("employment_type",))
    add("M9", "Work combined with one of the seven benefits", "job_seeker", "combines_benefit_flag",
        "ordinary_work", IN_WORK_EXTRA)
    add("M10", "Work combined with one of the seven benefits", "reduced_work_capacity", "combines_benefit_flag",
        "ordinary_work", IN_WORK_EXTRA)
    for model, label, outcome in (("M11", "Job relevant to education (Q6a 4-6)", "relevant_education_flag"),
                                  ("M12", "Job relevant to work experience (Q6b 4-6)", "relevant_experience_flag"),
                                  ("M13", "Job matches the job wish (Q6c 4-6)", "relevant_job_wish_flag")):
        for group in ("job_seeker", "reduced_work_capacity"):
            add(model, label, group, outcome, "ordinary_work", IN_WORK_EXTRA, per_group_id=True)
    for model, label, outcome in (("M14", "Got the follow-up from NAV needed (Q10 4-6)", "satisfied_nav_followup_flag"),
                                  ("M15", "Own effort high enough (Q11 4-6)", "high_own_effort_flag")):
        for group in ("job_seeker", "reduced_work_capacity", "all"):
            add(model, label, group, outcome, "respondents", IN_WORK_EXTRA, per_group_id=True)
    for model, label, outcome in (
            ("M17", "Applied for jobs while waiting for a measure (Q14 1)", "q14_1_applied_waiting_for_measure"),
            ("M18", "Applied for jobs during a measure (Q14 2)", "q14_2_applied_during_measure"),
            ("M19", "Applied for jobs after a measure (Q14 3)", "q14_3_applied_after_measure")):
        for group in ("job_seeker", "reduced_work_capacity"):
            add(model, label, group, outcome, "respondents", per_group_id=True)
    return specs


MODELS: list[ModelSpec] = _models()


# ----------------------------------------------------------------------------------------------
# the design matrix


@dataclass
class Term:
    term: str                # column of the design matrix
    covariate: str           # '' for const
    categories: list[str]    # the categories the dummy is 1 for
    label: str
    reference: str           # label of the reference category
    n_category: int          # respondents of the model's sample in the category (const: all)


@dataclass
class DesignMatrix:
    y: np.ndarray            # outcome, NaN outside the model's sample
    X: pd.DataFrame          # const and one dummy per non-reference category; 0 outside the sample
    domain: np.ndarray       # the model's sample (bool)
    terms: list[Term]
    merges: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return int(self.domain.sum())

    @property
    def events(self) -> int:
        return int((self.y[self.domain] == 1).sum())


def _initial_groups(covariate: str, exit_group: str, present: set[str]) -> tuple[list[list[str]], list[str]]:
    """Groups of categories to start from, and the merges made by design (not by sparseness)."""
    levels = [level for level in COVARIATES[covariate].levels if level in present]
    groups = [[level] for level in levels]
    notes = []
    if covariate == "age_band" and exit_group != "job_seeker":
        young = [level for level in ("under_20", "20_24") if level in present]
        if len(young) == 2:
            groups = [young] + [[level] for level in levels if level not in young]
            notes.append("age_band: under_20 + 20_24 as the reference under 25 (16-24), as the report for reduced "
                         "work capacity (fn 65)")
    return groups, notes


def _merge_sparse(covariate: str, groups: list[list[str]], values: pd.Series, y: np.ndarray,
                  minimum: int) -> tuple[list[list[str]], list[str]]:
    """Merge categories with fewer than `minimum` outcome-1 or outcome-0 respondents with a
    neighbour (within their chain), the sparsest first."""
    isolated = set(COVARIATES[covariate].isolated)
    notes = []

    def counts(group):
        inside = values.isin(group).to_numpy()
        return int((y[inside] == 1).sum()), int((y[inside] == 0).sum())

    while len(groups) > 1:
        sparse = []
        for index, group in enumerate(groups):
            ones, zeros = counts(group)
            if min(ones, zeros) < minimum:
                neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(groups)
                              and not (isolated & set(groups[j])) and not (isolated & set(group))]
                if neighbours:
                    sparse.append((min(ones, zeros), ones + zeros, index, neighbours))
        if not sparse:
            break
        _, _, index, neighbours = min(sparse, key=lambda s: (s[0], s[1], s[2]))
        sizes = {j: sum(counts(groups[j])) for j in neighbours}
        other = min(neighbours, key=lambda j: (sizes[j], j))
        ones, zeros = counts(groups[index])
        first, second = sorted((index, other))
        merged = groups[first] + groups[second]
        # the note says which side was sparse, never the count: the app shows it (cells under 5)
        sparse_side = 1 if ones < minimum else 0
        notes.append(f"{covariate}: {' + '.join(groups[index])} (fewer than {minimum} with outcome {sparse_side}) "
                     f"merged with {' + '.join(groups[other])}")
        groups = groups[:first] + [merged] + groups[second + 1:]
    return groups, notes


def design_matrix(people: pd.DataFrame, spec: ModelSpec, minimum: int = SPARSE_MINIMUM) -> DesignMatrix:
    """Outcome, design matrix and domain of one model over every row of `people` (one wave's
    respondents, with exit_group). Rows outside the model's sample have y NaN and zeros in X."""
    all_respondents = spec.sample == "respondents"
    y = outcome_values(people, spec.outcome)
    domain = ~np.isnan(y)
    if spec.exit_group != "all":
        domain &= (people["exit_group"] == spec.exit_group).to_numpy()
    if spec.sample == "ordinary_work":
        domain &= _flag_values(people["in_ordinary_work_flag"]) == 1
    values = {}
    for covariate in spec.covariates:
        values[covariate] = covariate_values(people, covariate, all_respondents)
        domain &= values[covariate].notna().to_numpy()
    y = np.where(domain, y, np.nan)
    X = pd.DataFrame({"const": np.ones(len(people))}, index=people.index)
    terms = [Term("const", "", [], "intercept (odds of the reference categories)", "", int(domain.sum()))]
    merges, dropped = [], []
    for covariate in spec.covariates:
        inside = values[covariate].where(domain)
        counted = inside.where(inside != NOT_APPLICABLE)
        present = set(counted.dropna().unique())
        groups, notes = _initial_groups(covariate, spec.exit_group, present)
        merges += notes
        groups, notes = _merge_sparse(covariate, groups, counted, y, minimum)
        merges += notes
        if len(groups) < 2:
            dropped.append(covariate)
            merges.append(f"{covariate}: dropped (one category left in the sample)")
            continue
        reference = next((g for g in groups if COVARIATES[covariate].levels[0] in g), groups[0])
        reference_label = category_label(covariate, reference)
        for group in groups:
            if group is reference:
                continue
            term = f"{covariate}={'+'.join(group)}"
            dummy = inside.isin(group).to_numpy() & domain
            X[term] = dummy.astype(float)
            label = category_label(covariate, group)
            if covariate not in FLAG_COVARIATES:
                label = f"{COVARIATES[covariate].label}: {label}"
            terms.append(Term(term, covariate, group, label, reference_label, int(dummy.sum())))
    return DesignMatrix(y, X, domain, terms, merges, dropped)


# ----------------------------------------------------------------------------------------------
# fitting and the tables


def _default_fitter():
    from nav_placement.stats.models import survey_logit  # the survey logistic regression (stats/models.py)

    return survey_logit


def fit_models(respondents: pd.DataFrame, weights: pd.DataFrame, models: list[ModelSpec] | None = None,
               fitter=None, minimum: int = SPARSE_MINIMUM) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit every model for every wave of `respondents` (the respondent mart's rows) with the
    weights of analysis.followup_weights. Returns (models table, fit table)."""
    models = MODELS if models is None else models
    fitter = fitter or _default_fitter()
    people_all = prepare(respondents, "respondents").merge(
        weights[["survey_wave", "survey_serial", WEIGHT_WITHIN_GROUP, WEIGHT_POOLED]],
        on=["survey_wave", "survey_serial"], how="left", validate="one_to_one")
    if people_all[[WEIGHT_WITHIN_GROUP, WEIGHT_POOLED]].isna().any().any():
        raise ValueError("respondents without weights")
    term_rows, fit_rows = [], []
    for wave, people in people_all.groupby("survey_wave", sort=True):
        people = people.reset_index(drop=True)
        designs = {name: design_for(people, name) for name in (WEIGHT_WITHIN_GROUP, WEIGHT_POOLED)}
        for spec in models:
            matrix = design_matrix(people, spec, minimum)
            head = {"survey_wave": int(wave), "model": spec.model, "model_label": spec.label,
                    "exit_group": spec.exit_group, "outcome": spec.outcome}
            fit_row = {**head, "sample": spec.sample_description, "weight_name": spec.weight_name,
                       "covariates": ", ".join(c for c in spec.covariates if c not in matrix.dropped),
                       "n": matrix.n, "weighted_n": np.nan, "events": matrix.events, "df_residual": np.nan,
                       "deviance": np.nan, "converged": False, "merged_categories": "; ".join(matrix.merges),
                       "reported_effects": spec.reported_effects, "note": "", "model_order": spec.order}
            if matrix.events < minimum or matrix.n - matrix.events < minimum:
                fit_row["note"] = (f"not fitted: fewer than {minimum} respondents with outcome 1 or with outcome 0 "
                                   "in the sample")
                fit_rows.append(fit_row)
                continue
            try:
                result = fitter(matrix.y, matrix.X, designs[spec.weight_name], domain=matrix.domain, level=LEVEL)
            except ValueError as error:  # stats.models.LogitFitError: separation, collinear terms, no convergence
                fit_row["note"] = f"not fitted: {type(error).__name__}: {error}"
                fit_rows.append(fit_row)
                continue
            fit_row.update(weighted_n=float(result.weighted_n), df_residual=float(result.df_residual),
                           deviance=float(result.deviance), converged=bool(result.converged))
            if not result.converged:  # survey_logit raises instead; kept for another fitter
                fit_row["note"] = "the fit did not converge: estimates are not to be read"
            fit_rows.append(fit_row)
            table = result.table().set_index("term")
            for order, term in enumerate(matrix.terms):
                row = table.loc[term.term]
                p_value = float(row["p_value"])
                term_rows.append({
                    **head, "term": term.term, "term_label": term.label, "reference_category": term.reference,
                    "coefficient": float(row["coefficient"]), "standard_error": float(row["standard_error"]),
                    "odds_ratio": float(row["odds_ratio"]), "or_ci_low": float(row["or_ci_low"]),
                    "or_ci_high": float(row["or_ci_high"]), "p_value": p_value,
                    "significant_5pct": bool(p_value < SIGNIFICANCE) if np.isfinite(p_value) else False,
                    "n_category": term.n_category, "term_order": order, "model_order": spec.order,
                })
    terms = pd.DataFrame(term_rows, columns=list(MODEL_DOCS)).astype(MODEL_DTYPES)
    fits = pd.DataFrame(fit_rows, columns=list(FIT_DOCS)).astype(FIT_DTYPES)
    return terms, fits


FRAME_QUERY = "select * from marts.fct_followup_frame"
RESPONDENT_QUERY = "select * from marts.fct_followup_respondent"


def run(paths: Paths, progress=print, fitter=None) -> pd.DataFrame:
    """Read the follow-up respondents and their weights (analysis.followup_weights, else computed
    as followup_outcomes does), fit the models and replace analysis.followup_models and
    analysis.followup_model_fit. Returns the fit table."""
    con = duckdb.connect(str(paths.build_db))
    try:
        tables = {(schema, name) for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables").fetchall()}
        absent = [t for t in ("fct_followup_frame", "fct_followup_respondent") if ("marts", t) not in tables]
        if absent:
            raise ValueError(f"the follow-up marts are not built: marts.{', marts.'.join(absent)}")
        respondents = con.execute(RESPONDENT_QUERY).df()
        if ("analysis", "followup_weights") in tables:
            weights = con.execute("select * from analysis.followup_weights").df()
        else:
            weights, _ = compute_weights(con.execute(FRAME_QUERY).df(), respondents)
        if len(respondents):
            terms, fits = fit_models(respondents, weights, fitter=fitter)
        else:
            terms = pd.DataFrame(columns=list(MODEL_DOCS)).astype(MODEL_DTYPES)
            fits = pd.DataFrame(columns=list(FIT_DOCS)).astype(FIT_DTYPES)
        replace_analysis_table(con, "followup_models", terms,
                               "Grain: survey_wave x model x term. The follow-up survey's logistic models (the report's "
                               "M1-M19): coefficients, odds ratios with 95% intervals and p-values, design-based "
                               "(weights of analysis.followup_weights, strata = frame stratum, the model's sample a "
                               "domain of the full design).", MODEL_DOCS)
        replace_analysis_table(con, "followup_model_fit", fits,
                               "Grain: survey_wave x model. Sample, size and fit of each follow-up survey model, the "
                               "categories merged because they were sparse, and the effects the report describes.",
                               FIT_DOCS)
    finally:
        con.close()
    fitted = fits[fits["note"] == ""] if len(fits) else fits
    progress(f"  {len(fitted)} of {len(fits)} models fitted ({len(terms)} terms); "
             f"{int((fits['merged_categories'] != '').sum()) if len(fits) else 0} with merged categories")
    for row in fits[fits["note"] != ""].itertuples():
        progress(f"  {row.model} ({row.survey_wave}): {row.note}")
    return fits


MODEL_DOCS = {
    "survey_wave": "Survey wave (year of the fieldwork).",
    "model": "Model id: the report's numbering (extraction section 4.2) M1-M10, and M11-M19 with the exit group "
             "(_job_seeker, _reduced_work_capacity, _pooled) for the models fitted per group.",
    "model_label": "What the model explains, and for whom.",
    "exit_group": "job_seeker (frame stratum ARBS), reduced_work_capacity (NEDS) or all (pooled, weight w_exit_status).",
    "outcome": "The 0/1 outcome: a column of marts.fct_followup_respondent, or permanent_employment (Q5 permanent = 1, "
               "temporary or other = 0).",
    "term": "Design-matrix column: const (intercept) or <covariate>=<category> (merged categories joined by +): "
            "gender, age_band, education_group, birth_region, measure (in the six months before the exit), long_term "
            "(long-term job seeker), exit_group, work_time (Q4 class), employment_type (Q5).",
    "term_label": "The term in words.",
    "reference_category": "The covariate's reference category the odds ratio compares with (empty for const).",
    "coefficient": "Log odds ratio (logistic regression coefficient), survey-weighted.",
    "standard_error": "Taylor-linearised (sandwich) standard error on the stratified design, the model's sample a domain "
                      "of the full design, accounting for the calibration of the weight (post-stratified w_gender_age, "
                      "raked w_exit_status) as R's svyglm on a postStratify()/rake() design.",
    "odds_ratio": "exp(coefficient); for const the odds in the reference categories.",
    "or_ci_low": "Lower limit of the 95% interval of the odds ratio (exp of the coefficient's interval, t with the "
                 "design's residual degrees of freedom).",
    "or_ci_high": "Upper limit of the 95% interval of the odds ratio.",
    "p_value": "Two-sided p-value of the coefficient (Wald t test with the residual degrees of freedom).",
    "significant_5pct": "p_value < 0.05 (the report's significance level).",
    "n_category": "Respondents of the model's sample in the term's category (const: the whole sample); every category "
                  "has at least 5 with outcome 1 and 5 with outcome 0 (sparse ones are merged).",
    "term_order": "Order of the term within the model (0 = const, then covariates in specification order).",
    "model_order": "Order of the model (as listed in the report).",
}
MODEL_DTYPES = {"survey_wave": "int64", "model": "object", "model_label": "object", "exit_group": "object",
                "outcome": "object", "term": "object", "term_label": "object", "reference_category": "object",
                "coefficient": "float64", "standard_error": "float64", "odds_ratio": "float64",
                "or_ci_low": "float64", "or_ci_high": "float64", "p_value": "float64", "significant_5pct": "bool",
                "n_category": "int64", "term_order": "int64", "model_order": "int64"}
FIT_DOCS = {
    "survey_wave": "Survey wave (year of the fieldwork).",
    "model": "Model id (as in analysis.followup_models).",
    "model_label": "What the model explains, and for whom.",
    "exit_group": "job_seeker, reduced_work_capacity or all (pooled).",
    "outcome": "The 0/1 outcome (as in analysis.followup_models).",
    "sample": "Who is in the model: respondents (or those in ordinary work) of the exit group with a value of the "
              "outcome and of every covariate.",
    "weight_name": "w_gender_age (within one exit group) or w_exit_status (pooled), analysis.followup_weights.",
    "covariates": "The covariates in the model, in order (a covariate dropped because one category was left is not "
                  "listed).",
    "n": "Respondents in the model's sample.",
    "weighted_n": "Sum of their weights (NULL when not fitted).",
    "events": "Respondents in the sample with outcome 1.",
    "df_residual": "Residual degrees of freedom of the design (as R's svyglm: units minus strata of the model's "
                   "sample, minus coefficients, plus 1); the t quantile of the intervals and p-values.",
    "deviance": "Residual deviance as R's svyglm reports it: the binomial unit deviances weighted by the survey "
                "weights normalised to mean 1 over the model's sample.",
    "converged": "The fit converged (false when not fitted).",
    "merged_categories": "Categories merged: the under-25 age reference of reduced-work-capacity and pooled models, and "
                         "every category with fewer than 5 respondents with outcome 1 or with outcome 0 merged with its "
                         "neighbour ('; '-separated; empty when none).",
    "reported_effects": "The effects AFI r2014:14 describes for this model in its prose (+ significantly positive, - "
                        "significantly negative, ns not significant) with the report's line numbers.",
    "note": "Why a model is not fitted or not to be read; empty otherwise.",
    "model_order": "Order of the model (as listed in the report).",
}
FIT_DTYPES = {"survey_wave": "int64", "model": "object", "model_label": "object", "exit_group": "object",
              "outcome": "object", "sample": "object", "weight_name": "object", "covariates": "object", "n": "int64",
              "weighted_n": "float64", "events": "int64", "df_residual": "float64", "deviance": "float64",
              "converged": "bool", "merged_categories": "object", "reported_effects": "object", "note": "object",
              "model_order": "int64"}
