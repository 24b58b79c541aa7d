"""analysis.office_item_estimates: intervals with the finite population correction (Part 1).

Reference values: tests/r/golden/office_fpc.csv, written by `Rscript tests/r/office_fpc_reference.R`
from tests/r/office_fpc_fixture.csv (R's survey package: svydesign(ids = ~office, strata =
~stratum, fpc = ~N), svymean, svyciprop(method = "logit"))."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from nav_placement.analysis import office_intervals
from nav_placement.analysis.office_intervals import MIN_OFFICES, _office_design, office_item_estimates
from nav_placement.paths import PROJECT_ROOT
from nav_placement.stats import estimates

R_DIR = PROJECT_ROOT / "tests" / "r"
FIXTURE = pd.read_csv(R_DIR / "office_fpc_fixture.csv")
GOLDEN = pd.read_csv(R_DIR / "golden" / "office_fpc.csv")
ANSWERED = FIXTURE[FIXTURE["y"].notna()].reset_index(drop=True)
DOMAINS = {
    "all": np.ones(len(ANSWERED), bool),
    "county_A": ANSWERED["county"].eq("A").to_numpy(), "county_B": ANSWERED["county"].eq("B").to_numpy(),
    "small": ANSWERED["stratum"].eq("small").to_numpy(), "medium": ANSWERED["stratum"].eq("medium").to_numpy(),
    "large": ANSWERED["stratum"].eq("large").to_numpy(),
}
CASES = [(fpc, domain, statistic) for fpc in (True, False) for domain in DOMAINS for statistic in ("mean", "share_4_6")]


def golden(fpc: bool, domain: str, statistic: str) -> pd.Series:
    row = GOLDEN[(GOLDEN["fpc"] == fpc) & (GOLDEN["domain"] == domain) & (GOLDEN["statistic"] == statistic)]
    assert len(row) == 1
    return row.iloc[0]


def fixture_design(apply_fpc: bool = True) -> estimates.SurveyDesign:
    """The module's design of the fixture; apply_fpc=False keeps its weights N_h / n_h and drops the
    correction (R's svydesign(ids = ~office, strata = ~stratum, weights = ~w))."""
    design = _office_design(ANSWERED["stratum"].to_numpy(), ANSWERED["office"].to_numpy(), ANSWERED["N"].to_numpy())
    if apply_fpc:
        return design
    return estimates.SurveyDesign(design.weights, design.strata, clusters=design.clusters)


def estimate(design, domain: str, statistic: str):
    values = ANSWERED["y"].to_numpy(dtype=float)
    if statistic == "mean":
        return estimates.weighted_mean(design, values, DOMAINS[domain])
    return estimates.weighted_share(design, (values >= 4).astype(float), DOMAINS[domain])


def assert_matches(result, reference):
    assert result.estimate == pytest.approx(reference.estimate, abs=1e-9)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=1e-8, abs=1e-12)
    if reference.degf >= 2:  # with 1 degree of freedom R's svyciprop returns [0, NA]: nothing to compare
        # (the Python side gives the logit interval with t on 1 df there, as before the switch)
        assert result.ci_low == pytest.approx(reference.ci_low, rel=1e-8, abs=1e-9)
        assert result.ci_high == pytest.approx(reference.ci_high, rel=1e-8, abs=1e-9)


@pytest.mark.parametrize(("fpc", "domain", "statistic"), CASES)
def test_fpc_estimator_matches_r(fpc, domain, statistic):
    design = fixture_design(apply_fpc=fpc)
    reference = golden(fpc, domain, statistic)
    assert_matches(estimate(design, domain, statistic), reference)
    assert design.degrees_of_freedom(DOMAINS[domain]) == reference.degf


def test_fixture_weights_are_population_over_answering_offices():
    """N_h / n_h with n_h counted in offices: s03 answered twice and is one office of six."""
    weights = pd.Series(fixture_design().weights, index=ANSWERED["stratum"]).groupby(level=0).first()
    assert weights.to_dict() == pytest.approx({"small": 12 / 6, "medium": 8 / 5, "large": 5 / 5})


def test_fpc_makes_the_standard_error_smaller_and_zero_for_a_census_stratum():
    for domain in DOMAINS:
        for statistic in ("mean", "share_4_6"):
            with_fpc = estimate(fixture_design(True), domain, statistic)
            without = estimate(fixture_design(False), domain, statistic)
            assert with_fpc.estimate == pytest.approx(without.estimate)
            assert with_fpc.standard_error < without.standard_error or domain == "large"
    # every large office answered (n = N = 5): no sampling error, the interval is the point
    census = estimate(fixture_design(True), "large", "mean")
    assert census.standard_error == 0.0 and census.ci_low == census.ci_high == census.estimate == pytest.approx(4.0)
    assert estimate(fixture_design(False), "large", "mean").standard_error > 0
    # the small stratum: the factor is exactly sqrt(1 - 6/12) on the standard error
    small_fpc = estimate(fixture_design(True), "small", "mean").standard_error
    small_plain = estimate(fixture_design(False), "small", "mean").standard_error
    assert small_fpc == pytest.approx(small_plain * np.sqrt(1 - 6 / 12))


def test_the_design_is_survey_design_with_office_clusters_and_fpc():
    design = fixture_design()
    assert isinstance(design, estimates.SurveyDesign)
    assert (design.clusters == ANSWERED["office"].to_numpy()).all() and (design.fpc == ANSWERED["N"].to_numpy()).all()
    assert design.degrees_of_freedom() == golden(True, "all", "mean").degf  # 16 offices - 3 strata


def test_more_answering_offices_than_the_register_holds_is_refused():
    """R: "FPC implies >100% sampling in some strata". Also when every N_h is 1, where SurveyDesign
    alone would read the fpc as sampling fractions."""
    with pytest.raises(ValueError, match="more answering offices than the register holds"):
        _office_design(np.array(["small"] * 3), np.array(["a", "b", "c"]), np.array([2, 2, 2]))
    with pytest.raises(ValueError, match="more answering offices than the register holds"):
        _office_design(np.array(["small", "small", "large"]), np.array(["a", "b", "c"]), np.array([1, 1, 1]))


def test_an_office_in_two_strata_is_refused():
    """R: "Clusters not nested in strata at top level" (svydesign's default nest = FALSE);
    SurveyDesign on its own would make it two PSUs."""
    with pytest.raises(ValueError, match="more than one stratum"):
        _office_design(np.array(["small", "medium", "medium"]), np.array(["a", "a", "b"]), np.array([4, 4, 4]))


# ---- the table, on the fixture written as warehouse rows -------------------------------------


def fixture_answers() -> pd.DataFrame:
    """The fixture as rows of ANSWERS_QUERY: u01 names no register office (its stratum is its Q10
    class); r18 names none and gives no size (outside the design, inside the unweighted figure);
    r19 says vet ikke."""
    rows = FIXTURE.assign(
        wave=2014, item_code="q99", answer_value=FIXTURE["y"], valid_flag=FIXTURE["y"].notna(), dont_know_flag=False,
        office_id=FIXTURE["office"].where(FIXTURE["office"] != "u01"), county_code=FIXTURE["county"],
        reported_size_class=FIXTURE["stratum"], register_size_class=FIXTURE["stratum"].where(FIXTURE["office"] != "u01"),
    )
    extra = pd.DataFrame([
        {"respondent_id": "r18", "answer_value": 6.0, "valid_flag": True, "dont_know_flag": False, "office_id": None,
         "county_code": "unknown", "reported_size_class": "unknown", "register_size_class": None},
        {"respondent_id": "r19", "answer_value": np.nan, "valid_flag": False, "dont_know_flag": True, "office_id": "m02",
         "county_code": "A", "reported_size_class": "medium", "register_size_class": "medium"},
    ]).assign(wave=2014, item_code="q99")
    columns = ["wave", "respondent_id", "item_code", "answer_value", "valid_flag", "dont_know_flag", "office_id",
               "county_code", "reported_size_class", "register_size_class"]
    rows = pd.concat([rows[columns], extra[columns]], ignore_index=True)
    return rows[rows["valid_flag"] | rows["dont_know_flag"]]


POPULATION = pd.DataFrame([
    ("size_class", "small", 12), ("size_class", "medium", 8), ("size_class", "large", 5),
    ("county", "A", 17), ("county", "B", 8), ("all", "all", 25),
], columns=["group_type", "group_code", "population_offices"])


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return office_item_estimates(fixture_answers(), POPULATION).set_index(["group_type", "group_code", "statistic"]).sort_index()


@pytest.mark.parametrize(("group", "domain"), [
    (("all", "all"), "all"), (("county", "A"), "county_A"),
    (("size_class", "small"), "small"), (("size_class", "medium"), "medium"), (("size_class", "large"), "large"),
])
@pytest.mark.parametrize("statistic", ["mean", "share_4_6"])
def test_table_intervals_match_r(table, group, domain, statistic):
    row = table.loc[(*group, statistic)]
    reference = golden(True, domain, statistic)
    assert not row["suppressed_flag"]
    assert row["design_estimate"] == pytest.approx(reference.estimate, abs=1e-9)
    assert row["standard_error"] == pytest.approx(reference.standard_error, rel=1e-8, abs=1e-12)
    assert row["ci_low"] == pytest.approx(reference.ci_low, rel=1e-8, abs=1e-9)
    assert row["ci_high"] == pytest.approx(reference.ci_high, rel=1e-8, abs=1e-9)


def test_table_estimate_is_the_unweighted_figure_and_counts_offices(table):
    answers = fixture_answers()
    valid = answers[answers["valid_flag"]]
    overall = table.loc[("all", "all", "mean")]
    assert overall["estimate"] == pytest.approx(valid["answer_value"].mean())  # r18 included, unweighted
    assert overall["design_estimate"] != pytest.approx(overall["estimate"])
    # 18 answers: s03 twice is one office, r18 is an office of its own but outside the design
    assert overall["n_offices"] == 17 and overall["n_offices_in_design"] == 16
    assert overall["population_offices"] == 25 and overall["fpc_factor"] == pytest.approx(1 - 16 / 25)
    small = table.loc[("size_class", "small", "mean")]
    assert small["n_offices"] == 6 and small["fpc_factor"] == pytest.approx(0.5)
    assert small["estimate"] == pytest.approx(small["design_estimate"])  # one stratum: weights equal
    large = table.loc[("size_class", "large", "share_4_6")]
    assert large["standard_error"] == 0 and large["fpc_factor"] == 0
    assert table.loc[("size_class", "large", "share_5_6"), "estimate"] == pytest.approx(2 / 5)


def test_share_6_of_answered_counts_vet_ikke_in_the_denominator(table):
    answered = table.loc[("size_class", "medium", "share_6_of_answered")]
    valid = table.loc[("size_class", "medium", "share_6")]
    assert answered["n_offices"] == 6 and valid["n_offices"] == 5  # m02 said vet ikke
    assert answered["estimate"] == pytest.approx(1 / 6) and valid["estimate"] == pytest.approx(1 / 5)


def test_groups_of_fewer_than_five_offices_are_withheld(table):
    county_b = table.loc[("county", "B")]
    assert (county_b["n_offices"] == 4).all() and county_b["suppressed_flag"].all()
    assert county_b[["estimate", "design_estimate", "standard_error", "ci_low", "ci_high"]].isna().all().all()
    assert MIN_OFFICES == 5
    assert not table.loc[("county", "A"), "suppressed_flag"].any()


def test_every_column_is_documented():
    assert set(office_intervals.COLUMNS) | {"computed_at"} == set(office_intervals.COLUMN_DOCS)


# ---- end to end on the demo -----------------------------------------------------------------


def check_office_item_estimates(database) -> None:
    """The table as the demo's warehouse holds it: every rated item, every group, sensible intervals."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        exists = con.execute("select count(*) from duckdb_tables() where schema_name = 'analysis' "
                             "and table_name = 'office_item_estimates'").fetchone()[0]
        assert exists, ("analysis.office_item_estimates is missing: office_intervals.run(paths) must run in "
                        "`nav-placement analyze`")
        rows = con.execute("select * from analysis.office_item_estimates").df()
        rated = set(con.execute("select item_code from marts.dim_office_survey_item where rated_flag").df()["item_code"])
        by_size = con.execute("select * from marts.office_item_by_size where size_class in "
                              "('all', 'small', 'medium', 'large')").df()
        register = con.execute("select count(*) from marts.dim_office where wave = 2014").fetchone()[0]
        comments = con.execute("select column_name, comment from duckdb_columns() where schema_name = 'analysis' "
                               "and table_name = 'office_item_estimates'").df()
    finally:
        con.close()
    assert comments["comment"].notna().all() and len(comments) == len(rows.columns)
    wave = rows[rows["wave"] == 2014]
    assert set(wave["item_code"]) == rated
    main = wave[wave["group_type"].isin(["all", "size_class"])]
    assert len(main) == len(rated) * 4 * len(office_intervals.STATISTICS)
    # the all-offices and size-class rows of the demo rest on far more than 5 offices
    assert not main["suppressed_flag"].any()
    assert (main.loc[main["group_type"] == "all", "population_offices"] == register).all()
    assert register == 445 and main["n_offices"].max() <= 247
    assert ((main["fpc_factor"] > 0) & (main["fpc_factor"] < 1)).all()
    # the estimate is the report's (unweighted) figure of marts.office_item_by_size
    means = main[main["statistic"] == "mean"].assign(size_class=lambda f: f["group_code"]).merge(
        by_size, left_on=["wave", "item_code", "size_class"], right_on=["wave", "item_code", "size_class"])
    assert len(means) == len(rated) * 4
    assert np.allclose(means["estimate"], means["mean_value"])
    assert (means["n_offices"] == means["n_valid"]).all()  # one answer per office in the demo
    # sensible intervals: around the design estimate, inside the scale, a few tenths wide for all offices
    assert (main["ci_low"] <= main["design_estimate"] + 1e-9).all() and (main["design_estimate"] <= main["ci_high"] + 1e-9).all()
    all_means = main[(main["group_type"] == "all") & (main["statistic"] == "mean")]
    width = all_means["ci_high"] - all_means["ci_low"]
    assert (all_means["standard_error"] > 0).all() and width.between(0.02, 1.5).all()
    shares = main[main["statistic"] != "mean"]
    assert shares["ci_low"].between(0, 1).all() and shares["ci_high"].between(0, 1).all()
    q37g = all_means.set_index("item_code").loc["q37g"]
    assert q37g["n_offices"] == 237 and q37g["estimate"] == pytest.approx(4.76, abs=0.005)  # Tabell 4
    # counties: each of the register's counties, withheld below 5 offices
    counties = wave[wave["group_type"] == "county"]
    assert (counties["suppressed_flag"] == (counties["n_offices"] < 5)).all()
    assert counties["estimate"].isna().eq(counties["suppressed_flag"]).all()


def test_demo_serving_copy_has_office_item_estimates(demo_warehouse):
    check_office_item_estimates(demo_warehouse.serving_db)


def test_run_on_the_demo_build(warehouse_copy):
    """run() by hand on a copy of the demo build (independent of `nav-placement analyze`)."""
    messages = []
    result = office_intervals.run(warehouse_copy, progress=messages.append)
    assert "wave 2014" in messages[0] and len(result) > 0
    check_office_item_estimates(warehouse_copy.build_db)
