"""Logistic regression for survey data: weighted fit, linearised (sandwich) standard errors.

`survey_logit(y, X, design, domain)` computes what R's survey package gives for
    svyglm(y ~ ..., design = subset(design, domain), family = quasibinomial())
(tests/r/survey_reference.R, tests/python/test_survey_models.py):

- coefficients: the weighted maximum-likelihood fit, statsmodels' GLM Binomial with the survey
  weights as freq_weights (normalised to mean 1, as svyglm does; var_weights give the same
  coefficients, and neither depends on the scale), iterated until the coefficients change by
  less than 1e-10 (R's glm stops earlier by default: its estimates differ from these by ~1e-11);
- covariance: the sandwich A^-1 B A^-1, A = X' diag(w mu (1 - mu)) X and B the design-based
  variance (strata, clusters, fpc: `design_variance`) of the score totals w (y - mu) x, as R's
  svy.varcoef. statsmodels' own standard errors (frequency weights) are not used: they treat
  the weights as counts of independent persons and ignore the strata and clusters;
- degrees of freedom: df_residual = degf + 1 - p with degf = PSUs - strata of the units in the
  model (R's svyglm: `degf(design) + 1 - length(coef)`); p-values are two-sided t with
  df_residual degrees of freedom (summary.svyglm) and the intervals t-based with the same
  degrees of freedom (confint.svyglm, survey >= 4.1: ddf = df.residual), odds ratios and their
  interval the exponentials;
- deviance: R's, sum of the normalised weights times the binomial unit deviance, where svyglm
  normalises the weights by their mean over the rows of subset(design, domain) *before* rows with
  a missing outcome or covariate are dropped. (On a calibrated design, SurveyDesign(poststrata=...)
  or rake_margins, R's subset() keeps the rows outside the domain with weight 0, so R's deviance of
  a domain model is this one times rows of the design / rows of the domain; the coefficients and
  standard errors are the same.)
- calibrated weights: with a SurveyDesign(poststrata=...) (or rake_margins) the score matrix is
  residualised within the post-strata (raking margins) before the design variance
  (`design_variance`), as svy.varcoef -> svyrecvar does for svyglm on a postStratify()-ed
  (rake()-ed) design.

Rows with a missing outcome or covariate are not in the model (R's na.omit); they count as
outside the domain for the variance, which is what R gets after dropping them from the design.
A fit that does not converge, or whose fitted probabilities reach 0 or 1 (perfect or
quasi-complete separation: the coefficients run off to infinity), raises LogitFitError
(SeparationError for the latter): a returned LogitFit has always converged (`converged` True).
Collinear columns (e.g. a dummy with no person in the domain) raise LogitFitError too.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from nav_placement.stats.estimates import SurveyDesign, design_variance

# R's glm: "fitted probabilities numerically 0 or 1 occurred" when mu < 10 eps or mu > 1 - 10 eps
_PROBABILITY_EDGE = 10 * np.finfo(float).eps


class LogitFitError(ValueError):
    """The logistic model cannot be fitted to these data (no convergence, collinear terms...)."""


class SeparationError(LogitFitError):
    """Perfect or quasi-complete separation: fitted probabilities of 0 or 1, no finite estimate."""


@dataclass(frozen=True)
class LogitFit:
    """A survey logistic model: coefficients on the log-odds scale with design-based standard
    errors, t statistics (`t_values`, also `z_values`), p-values, intervals (`conf_int`: low and
    high, log-odds), odds ratios (`odds_ratios`: odds_ratio, low, high)."""

    params: pd.Series
    standard_errors: pd.Series
    t_values: pd.Series
    p_values: pd.Series
    conf_int: pd.DataFrame
    odds_ratios: pd.DataFrame
    covariance: pd.DataFrame
    df_residual: int
    n: int
    weighted_n: float
    deviance: float
    converged: bool
    iterations: int
    level: float

    @property
    def z_values(self) -> pd.Series:
        return self.t_values

    @property
    def terms(self) -> list[str]:
        return list(self.params.index)

    def table(self) -> pd.DataFrame:
        """One row per term: term, coefficient, standard_error, odds_ratio, or_ci_low, or_ci_high,
        p_value."""
        return pd.DataFrame({
            "term": self.params.index,
            "coefficient": self.params.to_numpy(),
            "standard_error": self.standard_errors.to_numpy(),
            "odds_ratio": self.odds_ratios["odds_ratio"].to_numpy(),
            "or_ci_low": self.odds_ratios["low"].to_numpy(),
            "or_ci_high": self.odds_ratios["high"].to_numpy(),
            "p_value": self.p_values.to_numpy(),
        })


def design_matrix(frame: pd.DataFrame, terms, reference: dict | None = None, const: bool = True) -> pd.DataFrame:
    """A design matrix for `survey_logit`, named as R names the terms: 'const' (R's
    (Intercept)), then per term a numeric column as it is, or for a categorical column (text,
    category, bool, or named in `reference`) one 0/1 column per level but the reference, named
    column + level (R's treatment contrasts: 'gender' with levels K, M and reference K gives
    'genderM'). The reference is reference[column] (R's relevel) or else the first level in sorted
    order (R's factor()). A missing value gives a row of NaN (the person is left out of the model)."""
    reference = dict(reference or {})
    unknown = set(reference) - set(terms)
    if unknown:
        raise ValueError(f"reference levels for columns that are not terms: {sorted(unknown)}")
    columns: dict[str, np.ndarray] = {}
    if const:
        columns["const"] = np.ones(len(frame))
    for term in terms:
        values = frame[term]
        categorical = (term in reference or values.dtype == object or isinstance(values.dtype, pd.CategoricalDtype)
                       or values.dtype == bool or pd.api.types.is_string_dtype(values.dtype))
        if not categorical:
            columns[term] = values.to_numpy(dtype=float)
            continue
        if isinstance(values.dtype, pd.CategoricalDtype):
            levels = [level for level in values.cat.categories if (values == level).any()]
        else:
            levels = sorted(pd.unique(values.dropna()), key=lambda v: (str(type(v)), v))
        base = reference.get(term, levels[0] if levels else None)
        if base not in levels:
            raise ValueError(f"reference level {base!r} of {term!r} does not occur (levels: {levels})")
        missing = values.isna().to_numpy()
        for level in levels:
            if level == base:
                continue
            dummy = (values == level).to_numpy(dtype=float)
            dummy[missing] = np.nan
            columns[f"{term}{level}"] = dummy
    return pd.DataFrame(columns, index=frame.index)


def _aliased_columns(X: np.ndarray, names: list[str]) -> list[str]:
    kept, aliased = [], []
    for j, name in enumerate(names):
        trial = kept + [j]
        if np.linalg.matrix_rank(X[:, trial]) < len(trial):
            aliased.append(name)
        else:
            kept.append(j)
    return aliased


def survey_logit(y, X: pd.DataFrame, design: SurveyDesign, domain=None, level: float = 0.95,
                 max_iterations: int = 100) -> LogitFit:
    """Logistic regression of the 0/1 outcome `y` on the columns of `X` (a design matrix: the
    caller adds the 'const' column and the dummies, e.g. with `design_matrix`; the column names
    are the term names) for the persons of `domain` (a boolean mask; None = everybody), with
    standard errors from `design` (a SurveyDesign over the same rows). Missing y or X = not in
    the model. See the module for what matches R's svyglm."""
    import statsmodels.api as sm

    if not isinstance(X, pd.DataFrame):
        raise TypeError("X must be a pandas DataFrame whose column names are the term names")
    names = [str(c) for c in X.columns]
    try:
        matrix = X.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise LogitFitError(f"X must be numeric (dummies for categorical terms: design_matrix): {error}") from None
    outcome = (y.to_numpy(dtype=float, na_value=np.nan) if isinstance(y, pd.Series)
               else np.asarray(y, dtype=float))
    if outcome.ndim != 1 or len(outcome) != design.size or len(matrix) != design.size:
        raise ValueError("y, X and the design must have one row per person")
    in_domain = np.ones(design.size, bool) if domain is None else np.asarray(domain, dtype=bool)
    if len(in_domain) != design.size:
        raise ValueError("domain must have one entry per person of the design")
    model = in_domain & ~np.isnan(outcome) & np.all(np.isfinite(matrix), axis=1)
    n = int(model.sum())
    p = matrix.shape[1]
    if n == 0:
        raise LogitFitError("no person in the model (domain empty, or outcome/covariates missing for all)")
    y_model = outcome[model]
    if np.any((y_model != 0) & (y_model != 1)):
        raise LogitFitError("the outcome of a logistic model must be 0/1")
    if y_model.min() == y_model.max():
        raise SeparationError(f"the outcome is {int(y_model[0])} for all {n} persons in the model: no finite estimate")
    x_model = matrix[model]
    if np.linalg.matrix_rank(x_model) < p:
        raise LogitFitError(f"the columns of X are collinear in the model's data (aliased: "
                            f"{_aliased_columns(x_model, names)}); drop them or merge levels")
    weights = design.weights[model]
    normalised = weights / weights.mean()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            result = sm.GLM(y_model, x_model, family=sm.families.Binomial(), freq_weights=normalised).fit(
                maxiter=max_iterations, tol=1e-10, tol_criterion="params")
    params = np.asarray(result.params, dtype=float)
    iterations = int(result.fit_history["iteration"])
    eta = x_model @ params
    mu = special.expit(eta)
    if np.any(~np.isfinite(params)) or np.any(mu < _PROBABILITY_EDGE) or np.any(mu > 1 - _PROBABILITY_EDGE):
        raise SeparationError(
            "perfect or quasi-complete separation: fitted probabilities of 0 or 1 (some term, or combination of "
            "terms, predicts the outcome exactly), so the coefficients have no finite estimate; merge or drop the "
            "terms involved")
    if not result.converged:
        raise LogitFitError(f"the logistic fit did not converge in {max_iterations} iterations")

    # sandwich: A^-1 B A^-1 with B the design variance of the score totals (R: svy.varcoef)
    information = x_model.T @ (x_model * (weights * mu * (1 - mu))[:, None])
    inverse = np.linalg.inv(information)
    influence = np.zeros((design.size, p))
    influence[model] = (x_model * (weights * (y_model - mu))[:, None]) @ inverse
    covariance = design_variance(design, influence, model)
    covariance = (covariance + covariance.T) / 2
    standard_errors = np.sqrt(np.diag(covariance))
    df_residual = design.degrees_of_freedom(model) + 1 - p
    t_values = params / standard_errors
    if df_residual > 0:
        p_values = 2 * stats.t.sf(np.abs(t_values), df_residual)
        quantile = stats.t.ppf(0.5 + level / 2, df_residual)
        low, high = params - quantile * standard_errors, params + quantile * standard_errors
    else:
        p_values = low = high = np.full(p, np.nan)

    # R's deviance: weights normalised over the rows of subset(design, domain), missing ones included
    r_normalised = weights / design.weights[in_domain].mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = -2 * np.where(y_model == 1, np.log(mu), np.log1p(-mu))
    deviance = float(np.sum(r_normalised * unit))

    index = pd.Index(names, name="term")
    return LogitFit(
        params=pd.Series(params, index=index, name="coefficient"),
        standard_errors=pd.Series(standard_errors, index=index, name="standard_error"),
        t_values=pd.Series(t_values, index=index, name="t_value"),
        p_values=pd.Series(p_values, index=index, name="p_value"),
        conf_int=pd.DataFrame({"low": low, "high": high}, index=index),
        odds_ratios=pd.DataFrame({"odds_ratio": np.exp(params), "low": np.exp(low), "high": np.exp(high)}, index=index),
        covariance=pd.DataFrame(covariance, index=index, columns=index),
        df_residual=int(df_residual),
        n=n,
        weighted_n=float(weights.sum()),
        deviance=deviance,
        converged=True,
        iterations=iterations,
        level=level,
    )
