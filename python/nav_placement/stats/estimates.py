"""Design-based estimates: weighted means and shares with Taylor-linearised standard errors.

The design is a stratified sample of persons (each person its own primary sampling unit),
weighted. This is what R's survey package computes for
    svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = d)
with svymean(~y, subset(design, domain)): a domain (subgroup) is estimated on the full design,
so the strata keep all their units and a domain that is empty in a stratum still counts there.

Variance of the ratio estimator R = sum(w d y) / sum(w d), linearised:
    u_i = w_i d_i (y_i - R) / sum(w d)
    V(R) = sum_h n_h / (n_h - 1) * sum_{i in h} (u_i - mean_h(u))^2
Shares are means of 0/1 indicators; their 95% interval is computed on the logit scale with the
design's degrees of freedom, as svyciprop(method = "logit") does. Means get a normal interval,
as confint(svymean(...)) does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class SurveyDesign:
    """Weights and strata of the whole sample (one entry per person)."""

    weights: np.ndarray
    strata: np.ndarray | None = None

    def __post_init__(self):
        weights = np.asarray(self.weights, dtype=float)
        if np.any(~np.isfinite(weights)) or np.any(weights <= 0):
            raise ValueError("survey weights must be positive and finite for every person in the design")
        object.__setattr__(self, "weights", weights)
        if self.strata is not None:
            strata = np.asarray(self.strata)
            if len(strata) != len(weights):
                raise ValueError("strata and weights differ in length")
            object.__setattr__(self, "strata", strata)

    @property
    def size(self) -> int:
        return len(self.weights)

    def degrees_of_freedom(self, domain=None) -> int:
        """Sampling units minus strata among the units with weight in the (sub)design, as R's
        degf() counts them for subset(design, domain)."""
        inside = np.ones(self.size, dtype=bool) if domain is None else np.asarray(domain, dtype=bool)
        strata_count = 1 if self.strata is None else len(np.unique(self.strata[inside]))
        return int(inside.sum()) - strata_count


@dataclass(frozen=True)
class Estimate:
    estimate: float
    standard_error: float
    ci_low: float
    ci_high: float
    n_unweighted: int
    weighted_n: float


def _domain_mask(design: SurveyDesign, values: np.ndarray, domain) -> np.ndarray:
    mask = np.ones(design.size, dtype=bool) if domain is None else np.asarray(domain, dtype=bool).copy()
    if len(mask) != design.size or len(values) != design.size:
        raise ValueError("values and domain must have one entry per person of the design")
    return mask & ~np.isnan(values)


def _stratified_variance(design: SurveyDesign, scores: np.ndarray) -> float:
    """Sum over strata of n_h/(n_h-1) times the within-stratum sum of squares of the scores."""
    strata = np.zeros(design.size, dtype=int) if design.strata is None else design.strata
    variance = 0.0
    for stratum in np.unique(strata):
        in_stratum = scores[strata == stratum]
        count = len(in_stratum)
        if count < 2:
            # A stratum with one unit adds nothing (R's default: survey.lonely.psu = "fail" would stop;
            # we follow "certainty" because such strata are rare here and carry no variance information).
            continue
        variance += count / (count - 1) * np.sum((in_stratum - in_stratum.mean()) ** 2)
    return variance


def weighted_mean(design: SurveyDesign, values, domain=None, level: float = 0.95) -> Estimate:
    """Mean of `values` over the domain (missing values count as outside it), with its
    linearised standard error and a normal 95% interval."""
    values = np.asarray(values, dtype=float)
    mask = _domain_mask(design, values, domain)
    if not mask.any():
        return Estimate(np.nan, np.nan, np.nan, np.nan, 0, 0.0)
    weights = design.weights * mask
    weighted_n = weights.sum()
    filled = np.where(mask, values, 0.0)
    mean = float((weights * filled).sum() / weighted_n)
    scores = weights * (filled - mean) / weighted_n
    standard_error = float(np.sqrt(_stratified_variance(design, scores)))
    z = stats.norm.ppf(0.5 + level / 2)
    return Estimate(mean, standard_error, mean - z * standard_error, mean + z * standard_error,
                    int(mask.sum()), float(weighted_n))


def weighted_share(design: SurveyDesign, indicator, domain=None, level: float = 0.95) -> Estimate:
    """Share of the domain with indicator 1 (missing = outside the domain); the interval is the
    logit interval of svyciprop, with the design's degrees of freedom."""
    indicator = np.asarray(indicator, dtype=float)
    observed = indicator[~np.isnan(indicator)]
    if np.any((observed != 0) & (observed != 1)):
        raise ValueError("a share needs a 0/1 indicator")
    mean = weighted_mean(design, indicator, domain, level)
    share, standard_error = mean.estimate, mean.standard_error
    if mean.n_unweighted == 0:
        return mean
    if share <= 0.0 or share >= 1.0 or standard_error == 0.0:
        return Estimate(share, standard_error, share, share, mean.n_unweighted, mean.weighted_n)
    t = stats.t.ppf(0.5 + level / 2, design.degrees_of_freedom(_domain_mask(design, indicator, domain)))
    logit = np.log(share / (1 - share))
    logit_se = standard_error / (share * (1 - share))
    low, high = (1 / (1 + np.exp(-(logit + sign * t * logit_se))) for sign in (-1, 1))
    return Estimate(share, standard_error, float(low), float(high), mean.n_unweighted, mean.weighted_n)


def weighted_median(design: SurveyDesign, values, domain=None) -> float:
    """The weighted median (the smallest value whose cumulative weight share reaches one half,
    R's svyquantile(..., qrule = "hf1") / the classical step-function definition)."""
    values = np.asarray(values, dtype=float)
    mask = _domain_mask(design, values, domain)
    if not mask.any():
        return np.nan
    chosen, weights = values[mask], design.weights[mask]
    order = np.argsort(chosen, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return float(chosen[order][np.searchsorted(cumulative, 0.5 - 1e-12)])


@dataclass(frozen=True)
class Difference:
    """Difference of two domain means (a - b) with its linearised standard error and a t-test."""

    estimate: float
    standard_error: float
    ci_low: float
    ci_high: float
    t_statistic: float
    degrees_of_freedom: int
    p_value: float


def _domain_scores(design: SurveyDesign, values: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
    weights = design.weights * mask
    filled = np.where(mask, values, 0.0)
    mean = float((weights * filled).sum() / weights.sum())
    return mean, weights * (filled - mean) / weights.sum()


def domain_difference(design: SurveyDesign, values, domain_a, domain_b, level: float = 0.95) -> Difference:
    """Mean of domain a minus mean of domain b, both on the full design, so their covariance is
    accounted for (R: svycontrast(svyby(..., covmat = TRUE), c(-1, 1)); the test is
    svyttest's, with the design's degrees of freedom minus one)."""
    values = np.asarray(values, dtype=float)
    mask_a = _domain_mask(design, values, domain_a)
    mask_b = _domain_mask(design, values, domain_b)
    if not mask_a.any() or not mask_b.any():
        return Difference(np.nan, np.nan, np.nan, np.nan, np.nan, 0, np.nan)
    mean_a, scores_a = _domain_scores(design, values, mask_a)
    mean_b, scores_b = _domain_scores(design, values, mask_b)
    estimate = mean_a - mean_b
    standard_error = float(np.sqrt(_stratified_variance(design, scores_a - scores_b)))
    degrees_of_freedom = design.degrees_of_freedom(mask_a | mask_b) - 1
    t_statistic = estimate / standard_error if standard_error > 0 else np.nan
    p_value = float(2 * stats.t.sf(abs(t_statistic), degrees_of_freedom)) if standard_error > 0 else np.nan
    z = stats.norm.ppf(0.5 + level / 2)
    return Difference(estimate, standard_error, estimate - z * standard_error, estimate + z * standard_error,
                      float(t_statistic), degrees_of_freedom, p_value)
