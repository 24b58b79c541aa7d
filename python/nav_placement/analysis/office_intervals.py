"""Intervals for the Part 1 office tables, with the finite population correction.

The office survey is a census attempt: every NAV office in the register was invited and about
half answered (demo: 247 answers, 241 of them naming one of the register's 445 offices). For the
intervals the answering offices are taken as a stratified random sample of the register's offices:

- strata = size class of the office in the register (`marts.dim_office.size_class`, state +
  municipal årsverk). An answer whose office is not in the register (Q3 missing or unknown) gets
  the size class it reports itself (Q10); an answer with neither is left out of the design (it
  still counts in the unweighted `estimate`, as in the report's tables).
- N_h = offices of that size class in the register of the wave; n_h = offices of the stratum that
  answered the item (valid 1-6 for the mean and the shares of valid answers; 1-6 or vet ikke for
  `share_6_of_answered`). Item non-response is treated like office non-response: random within
  the size class.
- the office is the sampling unit (two answers naming one office are one unit); every answer
  weighs N_h / n_h; a group (size class as the report uses it, from Q10; county) is a domain of
  that design. The variance is the Taylor-linearised one with the correction (1 - n_h / N_h) per
  stratum, so a stratum where every office answered adds no sampling error.

This is R's `svydesign(ids = ~office, strata = ~size_class, fpc = ~N, data = answering)` with
`svymean` (normal interval) and `svyciprop(method = "logit")` (logit interval, t with the domain's
degrees of freedom) on `subset(design, group)`; tests/r/office_fpc_reference.R checks it.

The report's tables are unweighted: `estimate` is the unweighted mean or share of the group, as
the report prints it (it equals `marts.office_item_by_size`). The interval and the standard error
belong to `design_estimate`, the stratified (N_h / n_h weighted) estimate of the same group, which
differs from `estimate` only where the group mixes size strata answering at different rates.

The estimator is nav_placement.stats.estimates': `SurveyDesign(N_h / n_h, strata=size class,
clusters=office, fpc=N_h)` built per item (n_h is per item) with `weighted_mean` / `weighted_share`,
the group a domain of the item's full design. `_office_design` only adds the two refusals R's
svydesign makes and SurveyDesign does not (an office in two strata; more answering offices than
the register holds, which SurveyDesign would read as sampling fractions when every N_h is 1).
"""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import numpy as np
import pandas as pd

from nav_placement.analysis.tables import replace_analysis_table
from nav_placement.paths import Paths
from nav_placement.stats.estimates import SurveyDesign, weighted_mean, weighted_share

# Cells resting on fewer answering offices than this are withheld (as the app and the other
# analysis tables do).
MIN_OFFICES = 5

# statistic -> (answers it is computed on, the answers counted as 1). "valid" = answers 1-6,
# "answered" = answers 1-6 plus vet ikke (code 7, only Q15/Q16). Names follow the columns of
# marts.office_item_by_size (mean_value -> mean), so the two tables line up.
SHARES = {
    **{f"share_{k}": ("valid", (k,)) for k in range(1, 7)},
    "share_1_2": ("valid", (1, 2)),
    "share_3_4": ("valid", (3, 4)),
    "share_5_6": ("valid", (5, 6)),
    "share_4_6": ("valid", (4, 5, 6)),
    "share_6_of_answered": ("answered", (6,)),
}
STATISTICS = ("mean", *SHARES)

ANSWERS_QUERY = """
select
    a.wave,
    a.respondent_id,
    a.item_code,
    a.answer_value,
    a.valid_flag,
    a.dont_know_flag,
    a.office_id,
    a.county_code,
    a.size_class as reported_size_class,
    o.size_class as register_size_class
from marts.fct_office_answer a
left join marts.dim_office o
    on o.wave = a.wave
    and o.office_id = a.office_id
where a.valid_flag or a.dont_know_flag
"""

POPULATION_QUERY = """
select wave, 'size_class' as group_type, size_class as group_code, count(*) as population_offices
from marts.dim_office
where size_class <> 'unknown'
group by all
union all
select wave, 'county' as group_type, county_code as group_code, count(*) as population_offices
from marts.dim_office
group by all
union all
select wave, 'all' as group_type, 'all' as group_code, count(*) as population_offices
from marts.dim_office
group by all
"""


# ---------------------------------------------------------------------------------------------
# The design: stratified, one-stage cluster sample without replacement, with fpc. The estimates
# (weighted_mean / weighted_share, domains on the full design) and the variance are
# nav_placement.stats.estimates'; this only builds the design and refuses what R refuses.


def _office_design(strata, offices, population) -> SurveyDesign:
    """The design of one item's answers (one entry per answer in the design): stratum, sampling
    unit (office) and the population size N_h of the answer's stratum (R's fpc = ~N). Every answer
    weighs N_h / n_h, n_h = distinct offices of the stratum among the answers (as R's svydesign
    with fpc = ~N and no weights).

    Refused, as R's svydesign refuses them: an office in two strata ("Clusters not nested in
    strata"; SurveyDesign would nest it, R's nest = TRUE) and a stratum with more answering offices
    than the register holds ("FPC implies >100% sampling"; checked here, too, because SurveyDesign
    reads an fpc of all values <= 1 as sampling fractions)."""
    strata, offices = np.asarray(strata), np.asarray(offices)
    population = np.asarray(population, dtype=float)
    if not (len(strata) == len(offices) == len(population)):
        raise ValueError("strata, offices and population differ in length")
    stratum_codes, _ = pd.factorize(strata)
    office_codes, _ = pd.factorize(offices)
    office_stratum = np.full(office_codes.max(initial=-1) + 1, -1)
    office_stratum[office_codes] = stratum_codes
    if np.any(office_stratum[office_codes] != stratum_codes):
        raise ValueError("an office (sampling unit) lies in more than one stratum")
    sample_size = np.bincount(office_stratum).astype(float)[stratum_codes]  # n_h, in offices
    too_many = np.flatnonzero(sample_size > population)
    if len(too_many):  # R: "FPC implies >100% sampling in some strata"
        raise ValueError(f"more answering offices than the register holds in stratum {strata[too_many[0]]!r}")
    return SurveyDesign(population / sample_size, strata, clusters=offices, fpc=population)


# ---------------------------------------------------------------------------------------------
# The table


def _strata(answers: pd.DataFrame) -> pd.Series:
    """Register size class of the answer's office, else the size class it reports (Q10), else
    None (outside the design)."""
    register = answers["register_size_class"].where(answers["register_size_class"].notna()
                                                     & (answers["register_size_class"] != "unknown"))
    reported = answers["reported_size_class"].where(answers["reported_size_class"].notna()
                                                    & (answers["reported_size_class"] != "unknown"))
    return register.fillna(reported)


def _office_key(answers: pd.DataFrame) -> pd.Series:
    """The sampling unit: the register office, or the answer itself when it names none."""
    return answers["office_id"].astype(object).where(answers["office_id"].notna(),
                                                     "respondent:" + answers["respondent_id"].astype(str))


def office_item_estimates(answers: pd.DataFrame, population: pd.DataFrame, size_classes=("small", "medium", "large"),
                          level: float = 0.95) -> pd.DataFrame:
    """One wave's rows of analysis.office_item_estimates.

    `answers`: one row per answer 1-6 or vet ikke to a rated item (columns of ANSWERS_QUERY).
    `population`: offices of the register by group (group_type size_class | county | all,
    group_code, population_offices)."""
    answers = answers.copy()
    answers["stratum"] = _strata(answers)
    answers["office_key"] = _office_key(answers)
    answers["valid_flag"] = answers["valid_flag"].astype(bool)
    answers["dont_know_flag"] = answers["dont_know_flag"].astype(bool)
    population = population.set_index(["group_type", "group_code"])["population_offices"]
    stratum_population = {code: population.get(("size_class", code)) for code in size_classes}
    unknown_strata = set(answers["stratum"].dropna()) - {code for code, n in stratum_population.items() if n}
    if unknown_strata:
        raise ValueError(f"answers in size classes without offices in the register: {sorted(unknown_strata)}")
    counties = sorted(code for kind, code in population.index if kind == "county")
    groups = ([("all", "all")] + [("size_class", code) for code in size_classes]
              + [("county", code) for code in counties])

    rows = []
    for item_code, item_answers in answers.groupby("item_code", sort=True):
        for base in ("valid", "answered"):
            units = item_answers if base == "answered" else item_answers[item_answers["valid_flag"]]
            if base == "answered" and not units["dont_know_flag"].any():
                units = item_answers[item_answers["valid_flag"]]  # no vet ikke code: answered = valid
            statistics = [s for s in STATISTICS if (SHARES[s][0] if s in SHARES else "valid") == base]
            values = units["answer_value"].to_numpy(dtype=float)  # NaN for vet ikke
            in_design = units["stratum"].notna().to_numpy()
            design_units = units[in_design]
            design = _office_design(design_units["stratum"].to_numpy(), design_units["office_key"].to_numpy(),
                                    design_units["stratum"].map(stratum_population).to_numpy(dtype=float)) \
                if in_design.any() else None
            office_codes = pd.factorize(units["office_key"])[0]
            membership = {
                "all": np.ones(len(units), dtype=bool),
                "size_class": units["reported_size_class"].to_numpy(),
                "county": units["county_code"].to_numpy(),
            }
            for group_type, group_code in groups:
                inside = membership["all"] if group_type == "all" else membership[group_type] == group_code
                n_offices = len(np.unique(office_codes[inside]))
                n_in_design = len(np.unique(office_codes[inside & in_design]))
                group_population = population.get((group_type, group_code))
                suppressed = n_offices < MIN_OFFICES
                for statistic in statistics:
                    if statistic == "mean":
                        outcome = values
                    else:
                        # vet ikke is a 0 among the answered; NaN never reaches a valid-only design
                        outcome = np.isin(values, SHARES[statistic][1]).astype(float)
                    estimate = float(outcome[inside].mean()) if inside.any() else np.nan
                    result = None
                    if not suppressed and design is not None and n_in_design > 0:
                        domain = inside[in_design]
                        compute = weighted_mean if statistic == "mean" else weighted_share
                        result = compute(design, outcome[in_design], domain, level)
                    rows.append({
                        "item_code": item_code, "group_type": group_type, "group_code": group_code,
                        "statistic": statistic,
                        "estimate": np.nan if suppressed else estimate,
                        "design_estimate": np.nan if result is None else result.estimate,
                        "standard_error": np.nan if result is None else result.standard_error,
                        "ci_low": np.nan if result is None else result.ci_low,
                        "ci_high": np.nan if result is None else result.ci_high,
                        "n_offices": n_offices,
                        "n_offices_in_design": n_in_design,
                        "population_offices": group_population,
                        "fpc_factor": (1 - n_in_design / group_population) if group_population else np.nan,
                        "suppressed_flag": suppressed,
                    })
    return pd.DataFrame(rows)


COLUMNS = ["wave", "item_code", "group_type", "group_code", "statistic", "estimate", "design_estimate",
           "standard_error", "ci_low", "ci_high", "n_offices", "n_offices_in_design", "population_offices",
           "fpc_factor", "suppressed_flag"]

COLUMN_DOCS = {
    "wave": "Survey wave (year); the office register of the same wave is the population.",
    "item_code": "Rated item (dim_office_survey_item.rated_flag), valid answers 1-6.",
    "group_type": "all (every answering office) | size_class (the size class the office reports in Q10, "
                  "as the report's by-size tables use) | county (2014 county of the register office).",
    "group_code": "all, the size class (small, medium, large) or the county code.",
    "statistic": "mean (of the answers 1-6) | share_1 .. share_6, share_1_2, share_3_4, share_5_6, share_4_6 "
                 "(share 0-1 of the valid answers 1-6 with those values) | share_6_of_answered (share answering 6 "
                 "among answers 1-6 plus vet ikke, the report's by-size tables). Names follow the columns of "
                 "marts.office_item_by_size.",
    "estimate": "Unweighted mean or share of the group's answers, as the report prints it (equals "
                "marts.office_item_by_size for all and the size classes); null when suppressed. The interval is "
                "not centred on this: see design_estimate.",
    "design_estimate": "Stratified estimate of the group's mean or share: answers weighted N_h/n_h within the "
                       "register size class (stratum). The standard error and the interval belong to this estimate; "
                       "it equals estimate when the group lies within one stratum or its strata answered at the "
                       "same rate. Null when suppressed.",
    "standard_error": "Taylor-linearised standard error of design_estimate with the finite population correction "
                      "(1 - n_h/N_h) per size stratum, the office as sampling unit, the group a domain of the design "
                      "(R: svydesign(ids=~office, strata=~size_class, fpc=~N)). 0 when every office of the group's "
                      "strata answered.",
    "ci_low": "Lower end of the 95% interval of design_estimate: normal for the mean (confint(svymean)), logit with "
              "t on the group's degrees of freedom for shares (svyciprop method logit).",
    "ci_high": "Upper end of the 95% interval of design_estimate.",
    "n_offices": "Answering offices in the group (answers 1-6; for share_6_of_answered also vet ikke). Two answers "
                 "naming one office count once; an answer naming no register office counts as an office.",
    "n_offices_in_design": "Those of n_offices with a size stratum (register size class, else the Q10 size class); "
                           "an answer with neither counts in estimate but not in the design.",
    "population_offices": "Offices of the group in the office register of the wave (marts.dim_office): all offices, "
                          "offices of the register size class, or of the county.",
    "fpc_factor": "1 - n_offices_in_design / population_offices: the group's finite population correction as a "
                  "description; the standard error applies the correction per size stratum.",
    "suppressed_flag": f"True when fewer than {MIN_OFFICES} offices answered: estimate and interval are withheld (null).",
    "computed_at": "When the Python step computed the row (UTC).",
}

DESCRIPTION = (
    "Grain: one row per wave x item_code x group_type x group_code x statistic. The Part 1 office tables (mean and "
    "shares of the rated items, by office size and county) with standard errors and 95% intervals using the finite "
    "population correction: the answering offices are a stratified sample of the office register (strata = register "
    "size class, N_h = register offices of the class, n_h = offices answering the item, weights N_h/n_h). estimate is "
    "the report's unweighted figure; standard_error, ci_low and ci_high belong to design_estimate "
    "(python/nav_placement/analysis/office_intervals.py; checked against R's survey package, tests/r/office_fpc_reference.R)."
)


def run(paths: Paths, progress=print) -> pd.DataFrame:
    """Read the marts, compute per wave, and replace analysis.office_item_estimates."""
    con = duckdb.connect(str(paths.build_db))
    try:
        answers = con.execute(ANSWERS_QUERY).df()
        population = con.execute(POPULATION_QUERY).df()
        size_classes = tuple(con.execute(
            "select size_class from codes.office_size_classes order by sort_order").df()["size_class"])
        per_wave = []
        for wave, wave_answers in answers.groupby("wave"):
            wave_population = population[population["wave"] == wave]
            if wave_population.empty:
                progress(f"  wave {wave}: no office register of the wave, no intervals")
                continue
            try:
                estimates = office_item_estimates(wave_answers, wave_population, size_classes)
            except ValueError as error:
                raise ValueError(f"office survey wave {wave}: {error}") from error
            per_wave.append(estimates.assign(wave=wave))
        result = pd.concat(per_wave, ignore_index=True)[COLUMNS] if per_wave else pd.DataFrame(columns=COLUMNS)
        result = result.astype({"n_offices": "int64", "n_offices_in_design": "int64", "suppressed_flag": "bool",
                                "population_offices": "Int64"})
        result["computed_at"] = datetime.now(timezone.utc).replace(tzinfo=None)
        replace_analysis_table(con, "office_item_estimates", result, DESCRIPTION, COLUMN_DOCS)
    finally:
        con.close()
    for wave, rows in result.groupby("wave"):
        overall = rows[(rows["group_type"] == "all") & (rows["statistic"] == "mean") & ~rows["suppressed_flag"]]
        widths = (overall["ci_high"] - overall["ci_low"]).dropna()
        progress(f"  wave {wave}: {rows['item_code'].nunique()} items x {len(rows[['group_type', 'group_code']].drop_duplicates())} "
                 f"groups, {len(rows)} rows ({int(rows['suppressed_flag'].sum())} withheld); all offices: "
                 f"fpc factor {overall['fpc_factor'].median():.2f} (median), 95% interval of the mean "
                 f"{widths.median():.2f} wide (median)")
    return result
