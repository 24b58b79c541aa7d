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
