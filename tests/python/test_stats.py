"""The survey estimators against R's survey package (golden files made by tests/r/survey_reference.R)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nav_placement.paths import PROJECT_ROOT
from nav_placement.stats import SurveyDesign, domain_difference, weighted_mean, weighted_median, weighted_share

R_DIR = PROJECT_ROOT / "tests" / "r"
FIXTURE = pd.read_csv(R_DIR / "survey_fixture.csv", dtype={"stratum": str})
GOLDEN = pd.read_csv(R_DIR / "golden" / "estimates.csv")
DESIGN = SurveyDesign(FIXTURE["weight"].to_numpy(), FIXTURE["stratum"].to_numpy())
DOMAINS = {"all": np.ones(len(FIXTURE), bool), "group": FIXTURE["in_group"].eq(1).to_numpy(),
           "rest": FIXTURE["in_group"].eq(0).to_numpy()}


def golden(name, domain, statistic):
    row = GOLDEN[(GOLDEN["name"] == name) & (GOLDEN["domain"] == domain) & (GOLDEN["statistic"] == statistic)]
    assert len(row) == 1
    return row.iloc[0]


@pytest.mark.parametrize("domain", DOMAINS)
def test_weighted_mean_matches_r_svymean(domain):
    reference = golden("scale", domain, "mean")
    result = weighted_mean(DESIGN, FIXTURE["scale"].to_numpy(), DOMAINS[domain])
    assert result.estimate == pytest.approx(reference.estimate, abs=1e-10)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=1e-8)
    assert result.ci_low == pytest.approx(reference.ci_low, rel=1e-8)
    assert result.ci_high == pytest.approx(reference.ci_high, rel=1e-8)


@pytest.mark.parametrize("domain", DOMAINS)
def test_weighted_share_matches_r_svyciprop_logit(domain):
    reference = golden("flag", domain, "share")
    result = weighted_share(DESIGN, FIXTURE["flag"].to_numpy(), DOMAINS[domain])
    assert result.estimate == pytest.approx(reference.estimate, abs=1e-10)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=1e-8)
    assert result.ci_low == pytest.approx(reference.ci_low, rel=1e-8)
    assert result.ci_high == pytest.approx(reference.ci_high, rel=1e-8)


@pytest.mark.parametrize("domain", DOMAINS)
def test_weighted_median_matches_r_svyquantile(domain):
    reference = golden("scale", domain, "median")
    assert weighted_median(DESIGN, FIXTURE["scale"].to_numpy(), DOMAINS[domain]) == reference.estimate


def test_domain_estimate_is_not_a_subset_estimate():
    """The group's standard error uses the full design: strata without group members still count."""
    group = DOMAINS["group"]
    on_full_design = weighted_mean(DESIGN, FIXTURE["scale"].to_numpy(), group)
    subset_design = SurveyDesign(FIXTURE["weight"][group].to_numpy(), FIXTURE["stratum"][group].to_numpy())
    on_subset = weighted_mean(subset_design, FIXTURE["scale"][group].to_numpy())
    assert on_full_design.estimate == pytest.approx(on_subset.estimate)
    assert on_full_design.standard_error != pytest.approx(on_subset.standard_error, rel=1e-6)


def test_unweighted_n_and_weighted_n():
    result = weighted_share(DESIGN, FIXTURE["flag"].to_numpy(), DOMAINS["group"])
    answered = DOMAINS["group"] & FIXTURE["flag"].notna().to_numpy()
    assert result.n_unweighted == answered.sum()
    assert result.weighted_n == pytest.approx(FIXTURE["weight"][answered].sum())


def test_invalid_designs_and_values_are_refused():
    with pytest.raises(ValueError, match="positive"):
        SurveyDesign(np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="0/1"):
        weighted_share(SurveyDesign(np.ones(3)), np.array([0, 1, 2]))


@pytest.mark.parametrize("name", ["scale", "flag"])
def test_group_minus_rest_matches_r_svycontrast_and_svyttest(name):
    reference = golden(name, "group_minus_rest", "difference")
    result = domain_difference(DESIGN, FIXTURE[name].to_numpy(), DOMAINS["group"], DOMAINS["rest"])
    assert result.estimate == pytest.approx(reference.estimate, abs=1e-10)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=1e-6)
    assert result.degrees_of_freedom == reference.degf
    assert result.t_statistic == pytest.approx(reference.t_statistic, rel=1e-6)
    assert result.p_value == pytest.approx(reference.p_value, rel=1e-6)


# ----------------------------------------------------------------------------------------------
# clusters and the finite population correction: the office fixture (tests/r/make_office_fixture.py),
# 247 of 445 offices (PSUs) in 5 regions (strata), region E answered in full. R:
# svydesign(ids = ~office, strata = ~region, fpc = ~N, weights = ~weight) (clustered_fpc) and the
# same without fpc (clustered); golden file tests/r/golden/office_estimates.csv.

OFFICES = pd.read_csv(R_DIR / "office_fixture.csv")
OFFICE_POPULATION = pd.read_csv(R_DIR / "office_population.csv")
OFFICE_GOLDEN = pd.read_csv(R_DIR / "golden" / "office_estimates.csv")
OFFICE_GROUP = OFFICES["in_group"].eq(1).to_numpy()
OFFICE_DOMAINS = {"all": None, "group": OFFICE_GROUP, "rest": ~OFFICE_GROUP}
POINT, RELATIVE = 1e-8, 1e-6  # the agreement: point estimates 1e-8, standard errors 1e-6 relative


def office_design(kind: str, weights=None) -> SurveyDesign:
    return SurveyDesign(OFFICES["weight"].to_numpy() if weights is None else weights, OFFICES["region"].to_numpy(),
                        clusters=OFFICES["office"].to_numpy(),
                        fpc=OFFICES["N"].to_numpy() if kind == "clustered_fpc" else None)


def office_golden(kind, name, domain, statistic):
    row = OFFICE_GOLDEN[(OFFICE_GOLDEN["design"] == kind) & (OFFICE_GOLDEN["name"] == name)
                        & (OFFICE_GOLDEN["domain"] == domain) & (OFFICE_GOLDEN["statistic"] == statistic)]
    assert len(row) == 1
    return row.iloc[0]


KINDS = ["clustered_fpc", "clustered"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("domain", OFFICE_DOMAINS)
def test_clustered_mean_with_fpc_matches_r_svymean(kind, domain):
    reference = office_golden(kind, "hours", domain, "mean")
    design = office_design(kind)
    result = weighted_mean(design, OFFICES["hours"].to_numpy(float), OFFICE_DOMAINS[domain])
    assert result.estimate == pytest.approx(reference.estimate, abs=POINT)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=RELATIVE)
    assert result.ci_low == pytest.approx(reference.ci_low, rel=RELATIVE)
    assert result.ci_high == pytest.approx(reference.ci_high, rel=RELATIVE)
    inside = np.ones(len(OFFICES), bool) if OFFICE_DOMAINS[domain] is None else OFFICE_DOMAINS[domain]
    assert design.degrees_of_freedom(inside & OFFICES["hours"].notna().to_numpy()) == reference.degf


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("domain", OFFICE_DOMAINS)
def test_clustered_share_with_fpc_matches_r_svyciprop_logit(kind, domain):
    reference = office_golden(kind, "placed", domain, "share")
    result = weighted_share(office_design(kind), OFFICES["placed"].to_numpy(float), OFFICE_DOMAINS[domain])
    assert result.estimate == pytest.approx(reference.estimate, abs=POINT)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=RELATIVE)
    assert result.ci_low == pytest.approx(reference.ci_low, rel=RELATIVE)
    assert result.ci_high == pytest.approx(reference.ci_high, rel=RELATIVE)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", ["hours", "placed"])
def test_clustered_group_minus_rest_matches_r(kind, name):
    reference = office_golden(kind, name, "group_minus_rest", "difference")
    result = domain_difference(office_design(kind), OFFICES[name].to_numpy(float), OFFICE_GROUP, ~OFFICE_GROUP)
    assert result.estimate == pytest.approx(reference.estimate, abs=POINT)
    assert result.standard_error == pytest.approx(reference.standard_error, rel=RELATIVE)
    assert result.degrees_of_freedom == reference.degf
    assert result.t_statistic == pytest.approx(reference.t_statistic, rel=RELATIVE)
    assert result.p_value == pytest.approx(reference.p_value, rel=RELATIVE)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("domain", ["all", "group"])
@pytest.mark.parametrize("name, statistic", [("hours", "mean_poststratified"), ("placed", "share_poststratified")])
def test_clustered_poststratified_standard_error_matches_r(kind, domain, name, statistic):
    """postStratify(design, ~gender, population) on the clustered design, then svymean: the
    residuals within the post-strata go through the same clustered, fpc-corrected variance."""
    from nav_placement.stats import poststratified_standard_error, poststratify

    reference = office_golden(kind, name, domain, statistic)
    weights = poststratify(OFFICES, OFFICE_POPULATION, ["gender"], weight="weight").to_numpy()
    design = office_design(kind, weights)
    values = OFFICES[name].to_numpy(float)
    assert weighted_mean(design, values, OFFICE_DOMAINS[domain]).estimate == pytest.approx(reference.estimate, abs=POINT)
    se = poststratified_standard_error(design, values, OFFICES["gender"].to_numpy(), OFFICE_DOMAINS[domain])
    assert se == pytest.approx(reference.standard_error, rel=RELATIVE)


def test_fpc_shrinks_the_variance_and_a_census_stratum_adds_nothing():
    values = OFFICES["hours"].to_numpy(float)
    with_fpc = weighted_mean(office_design("clustered_fpc"), values).standard_error
    without = weighted_mean(office_design("clustered"), values).standard_error
    assert with_fpc < without
    # region E answered in full (34 of 34 offices): its units contribute no variance with the fpc
    region_e = OFFICES["region"].eq("E").to_numpy()
    assert weighted_mean(office_design("clustered_fpc"), values, region_e).standard_error == pytest.approx(0.0, abs=1e-12)
    assert weighted_mean(office_design("clustered"), values, region_e).standard_error > 0


def test_fpc_as_sampling_fraction_equals_fpc_as_population_size():
    sampled = OFFICES.groupby("region")["office"].transform("nunique").to_numpy()
    fraction = SurveyDesign(OFFICES["weight"].to_numpy(), OFFICES["region"].to_numpy(), clusters=OFFICES["office"].to_numpy(),
                            fpc=sampled / OFFICES["N"].to_numpy())
    values = OFFICES["placed"].to_numpy(float)
    assert weighted_share(fraction, values).standard_error == pytest.approx(
        weighted_share(office_design("clustered_fpc"), values).standard_error, rel=1e-12)


def test_every_person_its_own_cluster_is_the_unclustered_design():
    ids = np.arange(len(FIXTURE))
    clustered = SurveyDesign(FIXTURE["weight"].to_numpy(), FIXTURE["stratum"].to_numpy(), clusters=ids[::-1])
    for domain in DOMAINS.values():
        a = weighted_mean(DESIGN, FIXTURE["scale"].to_numpy(), domain)
        b = weighted_mean(clustered, FIXTURE["scale"].to_numpy(), domain)
        assert b.standard_error == pytest.approx(a.standard_error, rel=1e-12)
    assert clustered.degrees_of_freedom() == DESIGN.degrees_of_freedom()


def test_cluster_ids_are_nested_in_strata():
    """The same PSU id in two strata is two PSUs (R's svydesign(..., nest = TRUE))."""
    weights = np.ones(6)
    design = SurveyDesign(weights, np.array(["a", "a", "a", "b", "b", "b"]), clusters=np.array([1, 1, 2, 1, 2, 2]))
    assert design.degrees_of_freedom() == 4 - 2


def test_single_psu_stratum_certainty_or_fail():
    from nav_placement.stats.estimates import LonelyPSUError

    weights = np.array([1.0, 2.0, 1.0, 1.5, 3.0])
    strata = np.array(["a", "a", "b", "b", "c"])
    clusters = np.array([1, 2, 3, 4, 5])
    values = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    certainty = SurveyDesign(weights, strata, clusters)
    # certainty (default, R's survey.lonely.psu = "certainty"): stratum c adds nothing
    result = weighted_mean(certainty, values)
    assert np.isfinite(result.standard_error)
    failing = SurveyDesign(weights, strata, clusters, lonely_psu="fail")
    with pytest.raises(LonelyPSUError, match=r"stratum 'c' has only one PSU.*lonely_psu='certainty'"):
        weighted_mean(failing, values)
    # a domain without units in the lonely stratum is fine, as R's subset(design, ...)
    assert weighted_mean(failing, values, strata != "c").standard_error == pytest.approx(
        weighted_mean(certainty, values, strata != "c").standard_error)
    # a single-PSU stratum sampled in full (fpc N_h = 1) has no sampling error: no failure
    census = SurveyDesign(weights, strata, clusters, fpc=np.array([10, 10, 10, 10, 1]), lonely_psu="fail")
    assert np.isfinite(weighted_mean(census, values).standard_error)
    with pytest.raises(ValueError, match="lonely_psu"):
        SurveyDesign(weights, strata, clusters, lonely_psu="average")


def test_invalid_clusters_and_fpc_are_refused():
    weights = np.ones(4)
    strata = np.array(["a", "a", "b", "b"])
    with pytest.raises(ValueError, match="cluster .* must not be missing"):
        SurveyDesign(weights, strata, clusters=np.array([1, None, 2, 3], dtype=object))
    with pytest.raises(ValueError, match="clusters and weights differ"):
        SurveyDesign(weights, strata, clusters=np.array([1, 2]))
    with pytest.raises(ValueError, match="fpc varies within stratum 'a'"):
        SurveyDesign(weights, strata, fpc=np.array([10, 11, 10, 10]))
    with pytest.raises(ValueError, match="more than 100% sampling in stratum 'b'"):
        SurveyDesign(weights, strata, fpc=np.array([10, 10, 1.5, 1.5]))
    with pytest.raises(ValueError, match="all population sizes"):
        SurveyDesign(weights, strata, fpc=np.array([10, 10, 0.5, 0.5]))
    with pytest.raises(ValueError, match="strata must not be missing"):
        SurveyDesign(weights, np.array(["a", None, "b", "b"], dtype=object))


def test_poststrata_of_one_person_each_leave_no_variance():
    """Every person a post-stratum of its own: its weight is known, the mean has no variance left
    (the residuals u_i - w_i u_i / w_i are 0)."""
    design = SurveyDesign(FIXTURE["weight"].to_numpy(), FIXTURE["stratum"].to_numpy(), poststrata=np.arange(len(FIXTURE)))
    result = weighted_mean(design, FIXTURE["scale"].to_numpy(), DOMAINS["group"])
    assert result.standard_error == pytest.approx(0.0, abs=1e-15)
