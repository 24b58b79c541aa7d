"""The Part 2 indicator table: every indicator for every status group, vulnerable group and its
complement, weighted, with linearised standard errors and 95% intervals.

Each estimate is a domain estimate on the full design of the wave (all interviewed persons,
stratified by county, with the delivered county weights), so a group's standard error reflects
the whole sample, as in R's survey package.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from nav_placement.analysis.tables import replace_analysis_table
from nav_placement.paths import Paths
from nav_placement.serving import MIN_CELL_COUNT
from nav_placement.stats import SurveyDesign, domain_difference, weighted_mean, weighted_median, weighted_share

# Scale items are reported as means of 1-6 and as the share answering 4-6 (the report's rule of
# thumb relates the two, part2 L4810-4826).
SCALE_TOP_FROM = 4
# Names of the Q6 categories (codes.user_survey_answer_codes, scale jobs_applied), as Tabell 35 uses them.
JOBS_APPLIED_CATEGORIES = {1: "zero", 2: "count_recorded", 8: "dont_know", 9: "not_applicable"}

RESPONDENTS_QUERY = """
select wave, serial_number, coalesce(county_code, 'unknown') as stratum, county_weight,
       as1_flag, gender_code, age_end_of_reference_year
from marts.dim_user_survey_respondent
"""
MEMBERSHIP_QUERY = "select wave, serial_number, group_type, group_code from marts.user_survey_group_membership"
ANSWERS_QUERY = """
select wave, serial_number, variable, answer_code, answer_value, valid_flag, missing_reason, in_item_sample_flag
from marts.fct_user_survey_answer
"""
ITEMS_QUERY = "select variable, indicator, item_type, analysis_sample, label_nb, label_en from codes.user_survey_items"
EDUCATION_CODES_QUERY = "select code from codes.user_survey_answer_codes where answer_scale = 'education' order by code"


def _share_of(codes):
    """y = 1 when the answer code is one of `codes`, 0 for any other code, missing when not asked."""
    return lambda a: a["answer_code"].isin(codes).astype(float).where(a["answer_code"].notna())


def _share_missing(*reasons):
    """y = 1 when the answer was one of the user-missing reasons (vet ikke, ikke aktuelt)."""
    return lambda a: a["missing_reason"].isin(reasons).astype(float).where(a["answer_code"].notna())


def indicator_specs(items: pd.DataFrame, education_codes=()) -> list[dict]:
    """What to estimate for each item: statistic, category and how answers become y. Scale items
    give the mean of valid answers, the share answering 4-6 (of valid answers) and the shares
    of 'vet ikke', 'ikke aktuelt' and either (of everyone asked)."""
    specs = []
    for item in items.itertuples():
        base = {"variable": item.variable, "indicator": item.indicator, "label_nb": item.label_nb,
                "label_en": item.label_en, "analysis_sample": item.analysis_sample}

        def add(statistic, category, kind, y):
            specs.append({**base, "statistic": statistic, "category": category, "kind": kind, "y": y})

        if item.item_type == "scale_1_6":
            add("mean", "", "mean", lambda a: a["answer_value"])
            add("share", "4_6", "share",
                lambda a: (a["answer_value"] >= SCALE_TOP_FROM).astype(float).where(a["answer_value"].notna()))
            add("share", "dont_know", "share", _share_missing("dont_know"))
            add("share", "not_applicable", "share", _share_missing("not_applicable"))
            add("share", "not_answered", "share", _share_missing("dont_know", "not_applicable"))
        elif item.item_type == "multi_flag":
            add("share", "1", "share", lambda a: a["answer_value"])
        elif item.variable == "Q6":
            for code, category in JOBS_APPLIED_CATEGORIES.items():
                add("share", category, "share", _share_of([code]))
        elif item.variable == "UTD":
            for code in education_codes:
                add("share", str(code), "share", _share_of([code]))
        elif item.item_type == "count":
            add("mean", "", "mean", lambda a: a["answer_value"])
            add("median", "", "median", lambda a: a["answer_value"])
    return specs


def background_answers(respondents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Register background (gender, age) as pseudo-items on analysis sample 1, so the same
    estimator describes the groups (report section 10.2)."""
    in_sample = respondents[respondents["as1_flag"].astype(bool)]
    rows = pd.concat([
        pd.DataFrame({"wave": in_sample["wave"], "serial_number": in_sample["serial_number"], "variable": "gender_code",
                      "answer_code": in_sample["gender_code"], "answer_value": np.nan}),
        pd.DataFrame({"wave": in_sample["wave"], "serial_number": in_sample["serial_number"], "variable": "age",
                      "answer_code": np.nan, "answer_value": in_sample["age_end_of_reference_year"].astype(float)}),
    ], ignore_index=True).assign(valid_flag=True, in_item_sample_flag=True)
    common = {"analysis_sample": "1", "indicator": "background"}
    specs = [
        {**common, "variable": "gender_code", "label_nb": "Kjønn: kvinne", "label_en": "Gender: woman",
         "statistic": "share", "category": "K", "kind": "share", "y": _share_of(["K"])},
        {**common, "variable": "gender_code", "label_nb": "Kjønn: mann", "label_en": "Gender: man",
         "statistic": "share", "category": "M", "kind": "share", "y": _share_of(["M"])},
        {**common, "variable": "age", "label_nb": "Alder ved utgangen av året før", "label_en": "Age at the end of the year before",
         "statistic": "mean", "category": "", "kind": "mean", "y": lambda a: a["answer_value"]},
    ]
    return rows, specs


def estimate_indicators(respondents: pd.DataFrame, membership: pd.DataFrame, answers: pd.DataFrame,
                        items: pd.DataFrame, education_codes=(), min_cell: int = MIN_CELL_COUNT) -> pd.DataFrame:
    """One row per wave x indicator x statistic x category x group, plus for every vulnerable
    group the difference to its own complement (statistic '<statistic>_difference')."""
    extra_answers, extra_specs = background_answers(respondents)
    answers = pd.concat([answers, extra_answers], ignore_index=True)
    specs = indicator_specs(items, education_codes) + extra_specs
    rows = []
    for wave, wave_respondents in respondents.groupby("wave"):
        people = wave_respondents.reset_index(drop=True)
        position = pd.Series(np.arange(len(people)), index=people["serial_number"])
        design = SurveyDesign(people["county_weight"].to_numpy(float), people["stratum"].to_numpy())
        group_masks = {}
        for (group_type, group_code), members in membership[membership["wave"] == wave].groupby(["group_type", "group_code"]):
            mask = np.zeros(len(people), dtype=bool)
            mask[position.reindex(members["serial_number"]).dropna().astype(int).to_numpy()] = True
            group_masks[(group_type, group_code)] = mask
        wave_answers = answers[(answers["wave"] == wave) & answers["in_item_sample_flag"].astype(bool)]
        by_variable = dict(tuple(wave_answers.groupby("variable")))
        for spec in specs:
            item_answers = by_variable.get(spec["variable"])
            if item_answers is None:
                continue
            y = np.full(len(people), np.nan)
            index = position.reindex(item_answers["serial_number"]).to_numpy()
            y[index.astype(int)] = spec["y"](item_answers.reset_index(drop=True)).to_numpy(float)
            for (group_type, group_code), mask in group_masks.items():
                rows.append(_estimate_row(design, y, mask, spec, wave, group_type, group_code, min_cell))
                if group_type == "vulnerable_group" and spec["kind"] != "median":
                    complement = group_masks.get(("complement", group_code))
                    if complement is not None:
                        rows.append(_difference_row(design, y, mask, complement, spec, wave, group_code, min_cell))
    return pd.DataFrame(rows, columns=list(COLUMN_DOCS)).astype({"n_with_outcome": "Int64"})


def _row(spec, wave, group_type, group_code, statistic, values, suppressed, with_outcome=None) -> dict:
    estimate, standard_error, ci_low, ci_high, n, weighted_n, p_value = values
    return {"wave": int(wave), "indicator": spec["indicator"], "variable": spec["variable"], "statistic": statistic,
            "category": spec["category"], "label_nb": spec["label_nb"], "label_en": spec["label_en"],
            "analysis_sample": str(spec["analysis_sample"]), "group_type": group_type, "group_code": group_code,
            "estimate": estimate, "standard_error": standard_error, "ci_low": ci_low, "ci_high": ci_high,
            "p_value": p_value, "n_unweighted": int(n), "weighted_n": weighted_n, "suppressed_flag": bool(suppressed),
            "n_with_outcome": with_outcome}


WITHHELD = (np.nan, np.nan, np.nan, np.nan)


def _estimate_row(design, y, mask, spec, wave, group_type, group_code, min_cell) -> dict:
    answered = mask & ~np.isnan(y)
    n, weighted_n = int(answered.sum()), float(design.weights[answered].sum())
    if spec["kind"] == "median":
        values = (weighted_median(design, y, mask), np.nan, np.nan, np.nan)
    else:
        result = (weighted_share if spec["kind"] == "share" else weighted_mean)(design, y, mask)
        values = (result.estimate, result.standard_error, result.ci_low, result.ci_high)
    suppressed = n < min_cell  # never publish an estimate resting on fewer than min_cell persons
    # shares: how many of those counted have the outcome, so the app can withhold a share resting
    # on 1-4 persons with (or without) it
    with_outcome = int((y[answered] == 1).sum()) if spec["kind"] == "share" and not suppressed else None
    return _row(spec, wave, group_type, group_code, spec["statistic"],
                (*(WITHHELD if suppressed else values), n, np.nan if suppressed else weighted_n, np.nan), suppressed,
                with_outcome)


def _difference_row(design, y, group, complement, spec, wave, group_code, min_cell) -> dict:
    n_group = int((group & ~np.isnan(y)).sum())
    n_complement = int((complement & ~np.isnan(y)).sum())
    suppressed = min(n_group, n_complement) < min_cell
    result = domain_difference(design, y, group, complement)
    values = WITHHELD + (np.nan,) if suppressed else (
        result.estimate, result.standard_error, result.ci_low, result.ci_high, result.p_value)
    estimate, standard_error, ci_low, ci_high, p_value = values
    return _row(spec, wave, "vulnerable_group", group_code, f"{spec['statistic']}_difference",
                (estimate, standard_error, ci_low, ci_high, n_group, np.nan, p_value), suppressed)


def run(paths: Paths, progress=print) -> pd.DataFrame:
    """Read the Part 2 marts, estimate, and replace analysis.status_group_indicators."""
    con = duckdb.connect(str(paths.build_db))
    try:
        result = estimate_indicators(
            con.execute(RESPONDENTS_QUERY).df(), con.execute(MEMBERSHIP_QUERY).df(), con.execute(ANSWERS_QUERY).df(),
            con.execute(ITEMS_QUERY).df(), [int(code) for (code,) in con.execute(EDUCATION_CODES_QUERY).fetchall()],
        )
        replace_analysis_table(
            con, "status_group_indicators", result,
            "Grain: wave x variable x statistic x category x group_type x group_code. Weighted Part 2 indicators "
            "with linearised standard errors and 95% intervals, each group estimated on the full design.",
            COLUMN_DOCS,
        )
    finally:
        con.close()
    progress(f"  {len(result)} indicator estimates for {result['group_code'].nunique()} groups "
             f"({int(result['suppressed_flag'].sum())} suppressed, fewer than {MIN_CELL_COUNT} persons)")
    return result


COLUMN_DOCS = {
    "wave": "Survey wave (year).",
    "indicator": "Indicator family (knowledge, use, satisfaction, follow_up, jobs_applied, search_around_measures, channels, own_activity, obstacles, willingness).",
    "variable": "Questionnaire variable (codes.user_survey_items), or gender_code / age from the register.",
    "statistic": "mean (of valid 1-6 answers or of a count), share, median, or mean_difference / share_difference (vulnerable group minus its complement).",
    "category": "For shares: the answer counted ('1' chosen, '4_6' answers 4-6 of valid answers, 'dont_know' / 'not_applicable' / 'not_answered' of everyone asked, a Q6 or education category, 'K'/'M'); empty for means.",
    "label_nb": "Item label, Norwegian.",
    "label_en": "Item label, English.",
    "analysis_sample": "Analysis sample the item is reported on (1, 2 per service, 3).",
    "group_type": "all, status_group, vulnerable_group or complement (the vulnerable group's own 'rest').",
    "group_code": "Status group or vulnerable group code; for complements the vulnerable group they complement.",
    "estimate": "Weighted estimate (share 0..1 or mean); NULL when suppressed.",
    "standard_error": "Taylor-linearised standard error (stratified by county, domain estimated on the full design).",
    "ci_low": "Lower 95% limit (logit interval for shares, normal for means and differences).",
    "ci_high": "Upper 95% limit.",
    "p_value": "For *_difference rows: two-sided p-value of the group-minus-complement t-test (as R's svyttest); else NULL.",
    "n_unweighted": "Respondents in the group with an answer counted by the statistic (unweighted n; for differences the group's n).",
    "weighted_n": "Sum of weights of those respondents (NULL for differences and withheld cells).",
    "suppressed_flag": "True when fewer than 5 persons answered: the estimate is withheld.",
    "n_with_outcome": ("Shares: respondents in the group with the answer counted (unweighted, among the n_unweighted "
                       "counted); NULL for means, medians, differences and when suppressed. The app withholds a share "
                       f"whose n_with_outcome or n_unweighted - n_with_outcome is 1 to {MIN_CELL_COUNT - 1} (a small "
                       "group of persons with or without the answer), and the difference of a vulnerable group and its "
                       "complement when either share is withheld; this table keeps them for analysts reproducing the report."),
}
