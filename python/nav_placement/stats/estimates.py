"""Design-based estimates: weighted means and shares with Taylor-linearised standard errors.

The design is a stratified sample, weighted, optionally with clusters (primary sampling units,
PSUs, nested in the strata) and a finite population correction. Without clusters each person is
its own PSU. This is what R's survey package computes for
    svydesign(ids = ~psu, strata = ~stratum, fpc = ~N, weights = ~weight, data = d)
(ids = ~1 without clusters, no fpc = without a finite population correction) with
svymean(~y, subset(design, domain)): a domain (subgroup) is estimated on the full design, so the
strata keep all their PSUs and a domain that is empty in a stratum or PSU still counts there.

Variance of the ratio estimator R = sum(w d y) / sum(w d), linearised:
    u_i = w_i d_i (y_i - R) / sum(w d)
    z_hi = sum of u over the units of PSU i of stratum h
    V(R) = sum_h (1 - n_h/N_h) n_h / (n_h - 1) * sum_{i in h} (z_hi - mean_h(z))^2
with n_h the PSUs of stratum h in the sample and N_h its population size (no fpc: 1 - n_h/N_h = 1).
The design's degrees of freedom are PSUs minus strata among the units in the (sub)design (R's
degf). Shares are means of 0/1 indicators; their 95% interval is computed on the logit scale with
those degrees of freedom, as svyciprop(method = "logit") does. Means get a normal interval, as
confint(svymean(...)) does.

Calibrated weights (R's postStratify / rake). `poststrata` names, per unit, the post-stratum
(cell) the weights were post-stratified to; the variance then treats the cell totals as known, as
R's svyrecvar does for a postStratify()-ed design: before the stratified/clustered variance the
scores are replaced by their residuals within the post-strata,
    u_i - w_i * sum_{j in c(i)} u_j / sum_{j in c(i)} w_j
(all units of the design, inside the domain or not, with the full design's weights). This is
R's formula: it uses sum(u d/w) / sum(d) with d the weights before post-stratification, which is
the same because w/d is constant within a cell. Every estimator that goes through
`design_variance` gets it: means, shares and their logit intervals, domain differences and the
sandwich of `survey_logit` (R's svyglm on a postStratify()-ed design). `rake_margins` (one label
array per raking margin, in the order they were raked) is R's variance of a rake()-ed design:
ten sweeps over the margins of u <- u - w * ave(u / w, margin) (ave: the unweighted mean within
the margin's category), with w the final weights, R's raking approximation (it needs the weights
raked to convergence: R uses for each margin the weights after that margin's last step, which then
equal the final ones). Both may be given (post-stratification first, as R applies them in order).

A stratum with a single PSU has no within-stratum variance: `lonely_psu="certainty"` (the default,
what the estimators always did, R's options(survey.lonely.psu = "certainty")) lets it add nothing;
`lonely_psu="fail"` (R's default) raises LonelyPSUError when such a stratum holds units of the
(sub)design being estimated. A stratum sampled in full (N_h = n_h) adds nothing either way, as in R.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

LONELY_PSU_OPTIONS = ("certainty", "fail")


class LonelyPSUError(ValueError):
    """A stratum of the design has a single PSU (and lonely_psu="fail")."""


@dataclass(frozen=True)
class _Layout:
    """Codes the variance needs, computed once per design."""

    psu: np.ndarray              # PSU code (0..P-1) of every unit
    psu_stratum: np.ndarray      # stratum code of every PSU
    unit_stratum: np.ndarray     # stratum code of every unit
    psus_per_stratum: np.ndarray  # n_h
    scale: np.ndarray            # per stratum: (1 - n_h/N_h) n_h/(n_h - 1); 0 for a lonely or fully sampled stratum
    lonely: np.ndarray           # per stratum: a single PSU (and not sampled in full)
    stratum_labels: np.ndarray
    poststratum: np.ndarray | None          # post-stratum code of every unit (None: not post-stratified)
    poststratum_weight: np.ndarray | None   # sum of the weights of every post-stratum
    rake_margins: tuple                     # per raking margin: (category code of every unit, units per category)


RAKE_SWEEPS = 10  # R's svyrecvar: `for (iterations in 1:10)` over the raking margins


def _codes(values, what: str) -> tuple[np.ndarray, np.ndarray]:
    codes, labels = pd.factorize(pd.Series(values))
    if np.any(codes < 0):
        raise ValueError(f"{what} must not be missing")
    return codes, np.asarray(labels)



# Quantiles are asked for with few distinct (level, df): tables of tens of thousands of estimates
# would otherwise spend most of their time in scipy's distribution machinery.
@lru_cache(maxsize=4096)
def _normal_quantile(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2))


@lru_cache(maxsize=4096)
def _t_quantile(level: float, degrees_of_freedom: int) -> float:
    return float(stats.t.ppf(0.5 + level / 2, degrees_of_freedom))

@dataclass(frozen=True)
class SurveyDesign:
    """Weights, strata, clusters and finite population correction of the whole sample (one entry
    per person).

    weights: the survey weights (positive). strata: the stratum of each person (None: one
    stratum). clusters: the PSU id of each person, nested in the strata (the same id in two strata
    is two PSUs, as R's svydesign(nest = TRUE)); None: every person is its own PSU. fpc: per
    person, the population size of its stratum (number of PSUs in the population stratum, R's
    fpc = ~N), or all values <= 1: the sampling fraction; constant within a stratum; None: no
    finite population correction. lonely_psu: "certainty" (default) or "fail", see the module.
    poststrata: per person, the post-stratification cell (after any collapsing) the weights were
    post-stratified to (their totals are the cells' population totals): the variance then
    accounts for the calibration as R's postStratify() design does (see the module); None: the
    weights are taken as fixed. rake_margins: a sequence of per-person label arrays, the margins
    the weights were raked to (R's rake() design, see the module); None: not raked."""

    weights: np.ndarray
    strata: np.ndarray | None = None
    clusters: np.ndarray | None = None
    fpc: np.ndarray | None = None
    lonely_psu: str = "certainty"
    poststrata: np.ndarray | None = None
    rake_margins: tuple | None = None

    def __post_init__(self):
        weights = np.asarray(self.weights, dtype=float)
        if weights.ndim != 1:
            raise ValueError("survey weights must be one-dimensional, one entry per person")
        if np.any(~np.isfinite(weights)) or np.any(weights <= 0):
            raise ValueError("survey weights must be positive and finite for every person in the design")
        object.__setattr__(self, "weights", weights)
        if self.lonely_psu not in LONELY_PSU_OPTIONS:
            raise ValueError(f"lonely_psu must be one of {LONELY_PSU_OPTIONS}, not {self.lonely_psu!r}")
        n = len(weights)
        if self.strata is not None:
            strata = np.asarray(self.strata)
            if len(strata) != n:
                raise ValueError("strata and weights differ in length")
            object.__setattr__(self, "strata", strata)
            unit_stratum, stratum_labels = _codes(strata, "strata")
        else:
            unit_stratum, stratum_labels = np.zeros(n, dtype=np.intp), np.array(["all"], dtype=object)
        if self.clusters is not None:
            clusters = np.asarray(self.clusters)
            if len(clusters) != n:
                raise ValueError("clusters and weights differ in length")
            object.__setattr__(self, "clusters", clusters)
            cluster_codes, _ = _codes(clusters, "cluster (PSU) ids")
            pair = unit_stratum.astype(np.int64) * (int(cluster_codes.max(initial=0)) + 1) + cluster_codes
            _, first, psu = np.unique(pair, return_index=True, return_inverse=True)  # PSU = (stratum, cluster)
            psu = psu.reshape(-1)
            psu_stratum = unit_stratum[first]
        else:
            psu, psu_stratum = np.arange(n), unit_stratum
        stratum_count = len(stratum_labels)
        psus = np.bincount(psu_stratum, minlength=stratum_count).astype(float)
        fraction_sampled = np.zeros(stratum_count)  # n_h / N_h
        if self.fpc is not None:
            fpc = np.asarray(self.fpc, dtype=float)
            if len(fpc) != n:
                raise ValueError("fpc and weights differ in length")
            if np.any(np.isnan(fpc)) or np.any(fpc <= 0):
                raise ValueError("fpc must be a positive number for every person (population size of the stratum, "
                                 "or all values <= 1: the sampling fraction)")
            object.__setattr__(self, "fpc", fpc)
            low = np.full(stratum_count, np.inf)
            high = np.full(stratum_count, -np.inf)
            np.minimum.at(low, unit_stratum, fpc)
            np.maximum.at(high, unit_stratum, fpc)
            varying = np.flatnonzero(low != high)
            if len(varying):
                raise ValueError(f"fpc varies within stratum {stratum_labels[varying[0]]!r}: it must be the stratum's "
                                 "population size (or sampling fraction), the same for all its persons")
            if np.all(fpc <= 1):
                population = psus / low  # sampling fractions, as R's as.fpc
            elif np.all(fpc >= 1):
                population = low
            else:
                raise ValueError("fpc must be all population sizes (>= 1) or all sampling fractions (<= 1)")
            too_small = np.flatnonzero(population < psus)
            if len(too_small):
                h = too_small[0]
                raise ValueError(f"fpc implies more than 100% sampling in stratum {stratum_labels[h]!r}: population "
                                 f"{population[h]:g} < {int(psus[h])} sampled PSUs")
            fraction_sampled = np.where(np.isinf(population), 0.0, psus / population)
        finite = 1.0 - fraction_sampled
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(psus > 1, finite * psus / (psus - 1), 0.0)
        scale = np.where(finite < 1e-7, 0.0, scale)  # a stratum sampled in full adds nothing (R's onestrat)
        lonely = (psus == 1) & (finite >= 1e-7)
        poststratum = poststratum_weight = None
        if self.poststrata is not None:
            poststrata = np.asarray(self.poststrata)
            if poststrata.ndim != 1 or len(poststrata) != n:
                raise ValueError("poststrata must have one entry (the post-stratum) per person of the design")
            object.__setattr__(self, "poststrata", poststrata)
            poststratum, _ = _codes(poststrata, "poststrata (post-stratification cells)")
            poststratum_weight = np.bincount(poststratum, weights=weights)
        margins = ()
        if self.rake_margins is not None:
            given = tuple(np.asarray(margin) for margin in self.rake_margins)
            if not given or any(margin.ndim != 1 or len(margin) != n for margin in given):
                raise ValueError("rake_margins must be one or more label arrays with one entry per person of the design")
            object.__setattr__(self, "rake_margins", given)
            for margin in given:
                code, _ = _codes(margin, "rake_margins")
                margins += ((code, np.bincount(code).astype(float)),)
        object.__setattr__(self, "_layout",
                           _Layout(psu, psu_stratum, unit_stratum, psus, scale, lonely, stratum_labels,
                                   poststratum, poststratum_weight, margins))

    @property
    def size(self) -> int:
        return len(self.weights)

    def degrees_of_freedom(self, domain=None) -> int:
        """PSUs minus strata among the units in the (sub)design, as R's degf() counts them for
        subset(design, domain)."""
        inside = np.ones(self.size, dtype=bool) if domain is None else np.asarray(domain, dtype=bool)
        strata_count = 1 if self.strata is None else len(np.unique(self._layout.unit_stratum[inside]))
        return len(np.unique(self._layout.psu[inside])) - strata_count


def calibration_residuals(design: SurveyDesign, scores) -> np.ndarray:
    """The scores (persons x k) as the variance uses them: residuals within the post-strata
    and/or raking margins of the design (see the module), unchanged for fixed weights."""
    layout = design._layout
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim == 1:
        return calibration_residuals(design, matrix[:, None])[:, 0]
    weights = design.weights[:, None]
    if layout.poststratum is not None:
        codes = layout.poststratum
        cell_totals = np.column_stack([np.bincount(codes, weights=column, minlength=len(layout.poststratum_weight))
                                       for column in matrix.T])
        matrix = matrix - weights * (cell_totals / layout.poststratum_weight[:, None])[codes]
    if layout.rake_margins:
        for _ in range(RAKE_SWEEPS):
            for codes, counts in layout.rake_margins:
                ratio = matrix / weights
                means = np.column_stack([np.bincount(codes, weights=column, minlength=len(counts))
                                         for column in ratio.T]) / counts[:, None]
                matrix = matrix - weights * means[codes]
    return matrix


def design_variance(design: SurveyDesign, scores, inside=None):
    """Design-based variance of the total of the linearised `scores` (one row per person, a vector
    or a persons x k matrix; zero outside the (sub)design): from the PSU totals z_hi,
    sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_i (z_hi - mean_h z)^2 (R's svyrecvar with one stage),
    after replacing the scores by their residuals within the post-strata / raking margins when the
    design has them (`calibration_residuals`).
    Returns a float for a vector, a k x k matrix for a matrix. `inside` (the units of the
    (sub)design) is only needed for lonely_psu="fail": a single-PSU stratum with units inside it
    raises LonelyPSUError, as R's subset(design, ...) would."""
    layout = design._layout
    scores = np.asarray(scores, dtype=float)
    if scores.shape[0] != design.size:
        raise ValueError("scores must have one row per person of the design")
    if design.lonely_psu == "fail" and layout.lonely.any():
        inside_units = np.ones(design.size, bool) if inside is None else np.asarray(inside, bool)
        used = np.zeros(len(layout.lonely), bool)
        used[layout.unit_stratum[inside_units]] = True
        hit = np.flatnonzero(layout.lonely & used)
        if len(hit):
            labels = ", ".join(repr(label) for label in layout.stratum_labels[hit][:5])
            raise LonelyPSUError(
                f"stratum {labels} has only one PSU, so its variance cannot be estimated "
                "(R: survey.lonely.psu = 'fail'); use SurveyDesign(..., lonely_psu='certainty') to let it add "
                "nothing, or merge it with a neighbouring stratum")
    psu_count = len(layout.psu_stratum)
    strata_count = len(layout.psus_per_stratum)
    vector = scores.ndim == 1
    matrix = scores[:, None] if vector else scores
    matrix = calibration_residuals(design, matrix)
    totals = np.column_stack([np.bincount(layout.psu, weights=column, minlength=psu_count) for column in matrix.T])
    means = np.column_stack([np.bincount(layout.psu_stratum, weights=column, minlength=strata_count)
                             for column in totals.T]) / layout.psus_per_stratum[:, None]
    centred = totals - means[layout.psu_stratum]
    variance = (centred * layout.scale[layout.psu_stratum][:, None]).T @ centred
    return float(variance[0, 0]) if vector else variance


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


def _stratified_variance(design: SurveyDesign, scores: np.ndarray, inside=None) -> float:
    """The design variance of the scores' total (kept for the callers of the first version)."""
    return design_variance(design, scores, inside)


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
    standard_error = float(np.sqrt(design_variance(design, scores, mask)))
    z = _normal_quantile(level)
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
    t = _t_quantile(level, design.degrees_of_freedom(_domain_mask(design, indicator, domain)))
    logit = np.log(share / (1 - share))
    logit_se = standard_error / (share * (1 - share))
    low, high = (1 / (1 + np.exp(-(logit + sign * t * logit_se))) for sign in (-1, 1))
    # a standard error of rounding-noise size (e.g. ~1e-19 for the share of a post-stratification
    # cell, whose total is known) must not put the share outside its interval by an ulp
    low, high = min(low, share), max(high, share)
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
    standard_error = float(np.sqrt(design_variance(design, scores_a - scores_b, mask_a | mask_b)))
    degrees_of_freedom = design.degrees_of_freedom(mask_a | mask_b) - 1
    t_statistic = estimate / standard_error if standard_error > 0 else np.nan
    p_value = float(2 * stats.t.sf(abs(t_statistic), degrees_of_freedom)) if standard_error > 0 else np.nan
    z = _normal_quantile(level)
    return Difference(estimate, standard_error, estimate - z * standard_error, estimate + z * standard_error,
                      float(t_statistic), degrees_of_freedom, p_value)
