"""The follow-up survey's logistic models (analysis.followup_models): the design-matrix builder on
small hand-built frames, and on the demo warehouse the effects the report describes and the demo
plants (AFI r2014:14 Part 3, section 4)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from nav_placement.analysis import followup_models as fm
from nav_placement.analysis.followup_models import MODELS, ModelSpec, design_matrix, fit_models


def spec(model="T", exit_group="job_seeker", outcome="in_ordinary_work_flag", sample="respondents",
         covariates=("gender", "age_band", "education_group", "birth_region", "measure", "long_term")) -> ModelSpec:
    return ModelSpec(model, "test", exit_group, outcome, sample, tuple(covariates), "none")


def respondents(n=400, seed=1) -> pd.DataFrame:
    """Respondents of one wave with the mart's columns the models read (both exit groups; every
    category well filled), and an outcome with known effects."""
    rng = np.random.default_rng(seed)
    stratum = np.where(np.arange(n) % 4 == 0, "NEDS", "ARBS")
    frame = pd.DataFrame({
        "survey_wave": 2014, "survey_serial": [f"{i:06d}" for i in range(n)], "stratum_code": stratum,
        "gender_code": rng.choice(["K", "M"], n),
        "age_band": rng.choice(["under_20", "20_24", "25_29", "30_39", "40_49", "50_59", "60_plus"], n),
        "education_group": rng.choice(list(fm.EDUCATION_LEVELS), n),
        "birth_region": rng.choice(["norway", "eea", "outside_eea"], n, p=[0.5, 0.25, 0.25]),
        "measure_last_6_months_flag": rng.random(n) < 0.4,
        "long_term_job_seeker_flag": pd.array(np.where(stratum == "ARBS", rng.random(n) < 0.3, False), dtype="boolean"),
    })
    frame.loc[frame["stratum_code"] == "NEDS", "long_term_job_seeker_flag"] = pd.NA
    score = -0.2 + 0.8 * (frame["education_group"] != "primary_or_unknown") - 0.9 * (frame["birth_region"] == "outside_eea")
    frame["in_ordinary_work_flag"] = rng.random(n) < 1 / (1 + np.exp(-score))
    work = frame["in_ordinary_work_flag"]
    frame["work_time_class"] = np.where(work, rng.choice(["full_time", "long_part_time", "short_part_time"], n), None)
    frame["employment_type"] = np.where(work, rng.choice(["permanent", "temporary", "other"], n), None)
    frame["part_time_flag"] = pd.array(np.where(work, frame["work_time_class"] != "full_time", None), dtype="boolean")
    frame["satisfied_nav_followup_flag"] = pd.array(rng.random(n) < 0.5, dtype="boolean")
    return frame


def weights_of(frame: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({"survey_wave": frame["survey_wave"], "survey_serial": frame["survey_serial"],
                         "w_gender_age": rng.uniform(2, 6, len(frame)), "w_exit_status": rng.uniform(2, 6, len(frame))})


def people(frame: pd.DataFrame) -> pd.DataFrame:
    return fm.prepare(frame, "test")


# ----------------------------------------------------------------------------------------------
# the specifications


def test_model_list_is_the_reports():
    ids = [m.model for m in MODELS]
    assert len(ids) == len(set(ids)) == 28
    assert ids[:10] == [f"M{i}" for i in range(1, 11)]
    assert {"M14_pooled", "M15_pooled", "M17_job_seeker", "M19_reduced_work_capacity"} <= set(ids)
    assert not any(i.startswith("M16") for i in ids)  # the number of applications is a mean, not a logit
    for model in MODELS:
        assert model.weight_name == ("w_exit_status" if model.exit_group == "all" else "w_gender_age")
        assert ("long_term" in model.covariates) == (model.exit_group == "job_seeker")
        assert ("exit_group" in model.covariates) == (model.exit_group == "all")
        assert model.reported_effects
    by_id = {m.model: m for m in MODELS}
    assert by_id["M7"].covariates[-1] == "employment_type" and "work_time" not in by_id["M7"].covariates
    assert by_id["M9"].covariates[-2:] == ("work_time", "employment_type")
    assert "work_time" not in by_id["M5"].covariates
    assert by_id["M4"].sample == "ordinary_work" and by_id["M3"].sample == "respondents"


# ----------------------------------------------------------------------------------------------
# the design matrix


def test_reference_categories_are_dropped_and_dummies_are_zero_outside_the_sample():
    frame = people(respondents())
    matrix = design_matrix(frame, spec())
    assert list(matrix.X.columns) == [
        "const", "gender=women", "age_band=20_24", "age_band=25_29", "age_band=30_39", "age_band=40_49",
        "age_band=50_59", "age_band=60_plus", "education_group=upper_secondary_started",
        "education_group=upper_secondary_completed", "education_group=higher_up_to_3_years",
        "education_group=higher_over_3_years", "birth_region=eea", "birth_region=outside_eea", "measure=yes",
        "long_term=yes"]
    assert matrix.merges == [] and matrix.dropped == []
    job_seekers = (frame["exit_group"] == "job_seeker").to_numpy()
    assert (matrix.domain == job_seekers).all()
    assert np.isnan(matrix.y[~job_seekers]).all() and not np.isnan(matrix.y[job_seekers]).any()
    assert (matrix.X.loc[~job_seekers, matrix.X.columns[1:]] == 0).all().all()
    women = matrix.X["gender=women"].to_numpy() == 1
    assert (women == (job_seekers & (frame["gender_code"] == "K").to_numpy())).all()
    references = {t.covariate: t.reference for t in matrix.terms if t.covariate}
    assert references == {"gender": "men", "age_band": "under 20", "education_group": "primary school or unknown",
                          "birth_region": "in Norway", "measure": "no measure", "long_term": "not long-term job seeker"}
    assert matrix.terms[0].n_category == job_seekers.sum()


def test_reduced_work_capacity_and_pooled_models_use_under_25_as_age_reference():
    frame = people(respondents())
    for exit_group, covariates in (("reduced_work_capacity", ("gender", "age_band")),
                                   ("all", ("gender", "age_band", "exit_group"))):
        matrix = design_matrix(frame, spec(exit_group=exit_group, covariates=covariates), minimum=1)
        assert "age_band=20_24" not in matrix.X.columns and "age_band=25_29" in matrix.X.columns
        age = next(t for t in matrix.terms if t.covariate == "age_band")
        assert age.reference == "under 25 (16-24)"
        assert any("under_20 + 20_24 as the reference" in m for m in matrix.merges)
    pooled = design_matrix(frame, spec(exit_group="all", covariates=("exit_group",)))
    assert list(pooled.X.columns) == ["const", "exit_group=reduced_work_capacity"]
    assert pooled.domain.all()


def test_sparse_category_is_merged_with_its_smaller_neighbour_and_recorded():
    frame = people(respondents())
    js = frame["exit_group"] == "job_seeker"
    # higher_over_3_years: only 3 job seekers in ordinary work (outcome 1)
    over3 = js & (frame["education_group"] == "higher_over_3_years")
    frame.loc[over3, "in_ordinary_work_flag"] = False
    frame.loc[over3[over3].index[:3], "in_ordinary_work_flag"] = True
    matrix = design_matrix(frame, spec(covariates=("education_group",)))
    assert "education_group=higher_up_to_3_years+higher_over_3_years" in matrix.X.columns
    assert "education_group=higher_over_3_years" not in matrix.X.columns
    assert matrix.merges == [f"education_group: higher_over_3_years (fewer than 5 with outcome 1) "
                             "merged with higher_up_to_3_years"]
    merged = next(t for t in matrix.terms if t.term.endswith("+higher_over_3_years"))
    assert merged.label == "education (Q1): university/college up to 3 years + university/college over 3 years"
    assert merged.n_category == int((js & frame["education_group"].isin(["higher_up_to_3_years",
                                                                            "higher_over_3_years"])).sum())


def test_sparse_reference_merges_into_the_reference_and_a_flag_left_alone_is_dropped():
    frame = people(respondents())
    js = frame["exit_group"] == "job_seeker"
    # under_20 (the job seekers' reference) with 2 in work: merged with 20_24, which stays the reference
    young = js & (frame["age_band"] == "under_20")
    frame.loc[young, "in_ordinary_work_flag"] = False
    frame.loc[young[young].index[:2], "in_ordinary_work_flag"] = True
    # a measure for only 4 job seekers: measure=yes is sparse, merging leaves one category: dropped
    frame["measure_last_6_months_flag"] = False
    frame.loc[js[js].index[:4], "measure_last_6_months_flag"] = True
    matrix = design_matrix(frame, spec(covariates=("age_band", "measure")))
    assert "age_band=20_24" not in matrix.X.columns and "age_band=under_20" not in matrix.X.columns
    assert next(t for t in matrix.terms if t.covariate == "age_band").reference == "under 25 (16-24)"
    assert not any(c.startswith("measure") for c in matrix.X.columns)
    assert matrix.dropped == ["measure"]
    assert any(m.startswith("age_band: under_20 (fewer than 5 with outcome 1)") and m.endswith("merged with 20_24")
               for m in matrix.merges)
    assert "measure: dropped (one category left in the sample)" in matrix.merges


def test_missing_covariates_leave_the_model_and_unknown_birth_region_is_missing():
    frame = people(respondents())
    frame.loc[0:9, "education_group"] = None
    frame.loc[10:19, "birth_region"] = "unknown"
    matrix = design_matrix(frame, spec(exit_group="all", covariates=("education_group", "birth_region")))
    assert not matrix.domain[:20].any() and matrix.domain[20:].all()
    assert np.isnan(matrix.y[:20]).all()


def test_in_work_and_all_respondent_models_code_working_time_and_employment():
    frame = people(respondents())
    work = frame["in_ordinary_work_flag"].to_numpy()
    in_work = design_matrix(frame, spec(outcome="part_time_flag", sample="ordinary_work", exit_group="all",
                                        covariates=("employment_type",)))
    assert (in_work.domain == work).all()
    assert list(in_work.X.columns) == ["const", "employment_type=temporary", "employment_type=other"]
    everyone = design_matrix(frame, spec(outcome="satisfied_nav_followup_flag", exit_group="all",
                                         covariates=("work_time", "employment_type")))
    assert everyone.domain.all()
    assert list(everyone.X.columns) == ["const", "work_time=long_part_time", "work_time=short_part_time",
                                        "work_time=not_in_ordinary_work", "employment_type=temporary",
                                        "employment_type=other"]
    assert (everyone.X["work_time=not_in_ordinary_work"].to_numpy() == ~work).all()
    assert (everyone.X.loc[~work, ["employment_type=temporary", "employment_type=other"]] == 0).all().all()
    # not in ordinary work is never merged with a working-time category, even when sparse
    frame.loc[~work, "satisfied_nav_followup_flag"] = True
    frame.loc[frame.index[~work][:2], "satisfied_nav_followup_flag"] = False
    sparse = design_matrix(frame, spec(outcome="satisfied_nav_followup_flag", exit_group="all",
                                       covariates=("work_time",)))
    assert "work_time=not_in_ordinary_work" in sparse.X.columns


def test_permanent_employment_outcome():
    frame = people(respondents())
    y = fm.outcome_values(frame, "permanent_employment")
    expected = frame["employment_type"].map({"permanent": 1.0, "temporary": 0.0, "other": 0.0}).to_numpy(dtype=float)
    assert np.array_equal(y, expected, equal_nan=True)


def test_fit_models_writes_documented_rows_and_finds_the_built_in_effects():
    frame = respondents(n=1600, seed=3)
    models = [spec("A", exit_group="all", covariates=("education_group", "birth_region", "exit_group")),
              spec("B", exit_group="reduced_work_capacity", covariates=("gender",))]
    terms, fits = fit_models(frame, weights_of(frame), models=models)
    assert set(terms.columns) == set(fm.MODEL_DOCS) and set(fits.columns) == set(fm.FIT_DOCS)
    assert list(fits["model"]) == ["A", "B"] and fits["converged"].all() and (fits["note"] == "").all()
    a = terms[terms["model"] == "A"].set_index("term")
    assert a.loc["birth_region=outside_eea", "odds_ratio"] < 1 and a.loc["birth_region=outside_eea", "significant_5pct"]
    assert a.loc["education_group=higher_over_3_years", "odds_ratio"] > 1
    assert ((a["or_ci_low"] <= a["odds_ratio"]) & (a["odds_ratio"] <= a["or_ci_high"])).all()
    assert fits.loc[fits["model"] == "A", "n"].item() == len(frame)
    assert fits.loc[fits["model"] == "B", "n"].item() == (frame["stratum_code"] == "NEDS").sum()


def test_a_model_without_both_outcomes_is_reported_not_fitted():
    frame = respondents()
    frame["satisfied_nav_followup_flag"] = pd.array([True] * len(frame), dtype="boolean")
    terms, fits = fit_models(frame, weights_of(frame), models=[spec("C", outcome="satisfied_nav_followup_flag",
                                                                    covariates=("gender",))])
    assert terms.empty and fits["note"].item().startswith("not fitted")


# ----------------------------------------------------------------------------------------------
# the demo warehouse: the models find the effects the report describes (and the demo plants)


@pytest.fixture(scope="module")
def demo_models(demo_warehouse):
    """The model tables `nav-placement run` (its analyze step) wrote into the demo's build file."""
    con = duckdb.connect(str(demo_warehouse.build_db), read_only=True)
    try:
        return (con.execute("select * from analysis.followup_models").df(),
                con.execute("select * from analysis.followup_model_fit").df())
    finally:
        con.close()


# (model, term, direction of the odds ratio, significant at 5%?): extraction section 4.2
REPORTED_EFFECTS = [
    ("M1", "birth_region=outside_eea", "<1", True),
    ("M1", "education_group=higher_up_to_3_years", ">1", True),
    ("M1", "education_group=higher_over_3_years", ">1", True),
    ("M1", "gender=women", None, False),
    ("M2", "measure=yes", ">1", True),
    ("M3", "exit_group=reduced_work_capacity", "<1", True),
    ("M5", "gender=women", "<1", True),
    ("M7", "gender=women", ">1", True),
    ("M9", "work_time=short_part_time", ">1", True),
    ("M10", "measure=yes", "<1", True),
    ("M14_job_seeker", "measure=yes", ">1", True),
    ("M14_job_seeker", "long_term=yes", ">1", True),
    ("M15_pooled", "exit_group=reduced_work_capacity", None, False),
]


def reported_effect_failures(terms: pd.DataFrame) -> list[str]:
    """The REPORTED_EFFECTS not found in the models table, each with its odds ratio and p-value."""
    failures = []
    for model, term, direction, significant in REPORTED_EFFECTS:
        row = terms[(terms["model"] == model) & (terms["term"] == term)]
        if row.empty:
            failures.append(f"{model} {term}: no such term")
            continue
        odds, p = row["odds_ratio"].item(), row["p_value"].item()
        right_way = direction is None or (odds < 1 if direction == "<1" else odds > 1)
        if not (right_way and (p < 0.05) == significant):
            failures.append(f"{model} {term}: odds ratio {odds:.2f}, p = {p:.3g} (report: {direction or ''} "
                            f"{'significant' if significant else 'not significant'})")
    return failures


def test_demo_models_find_the_effects_the_report_describes(demo_models):
    terms, fits = demo_models
    wave = terms[terms["survey_wave"] == 2014]
    assert reported_effect_failures(wave) == []


def test_demo_models_are_all_fitted_with_documented_samples(demo_models):
    terms, fits = demo_models
    fits = fits[fits["survey_wave"] == 2014].set_index("model")
    assert list(fits.index) == [m.model for m in MODELS]
    assert fits["converged"].all() and (fits["note"] == "").all()
    # the samples: every respondent of the group (less missing covariates), those in work for M4-M13
    assert fits.loc["M1", "n"] > 1500 and fits.loc["M2", "n"] > 500 and fits.loc["M3", "n"] > 2000
    assert fits.loc["M4", "n"] == fits.loc["M5", "n"] + fits.loc["M6", "n"]
    assert (fits["df_residual"] < fits["n"]).all() and (fits["weighted_n"] > fits["n"]).all()
    assert (terms.loc[terms["term"] != "const", "n_category"] >= 10).all()
