"""Survey weights on DataFrames: post-stratification, raking and weight diagnostics.

Plain functions: a sample (one row per respondent), population totals, and optional base
(design) weights in, a Series of weights (index of the sample) out. Checked against R's survey
package (`postStratify`, `rake`; tests/r/survey_reference.R, tests/python/test_weights.py).

- `poststratify`: within each cell, w_i = d_i * N_c / sum_{j in c} d_j, so the weights of every
  cell add up to its population total N_c (d = base weight, 1 when none is given). A cell with a
  population total but no respondent, or with respondents but no population total, is an error;
  `collapse="age_band"` first merges such cells with a neighbouring band of that variable
  (`collapse_cells`) and reports what it merged in `weights.attrs["collapsed_cells"]`.
- `rake`: iterative proportional fitting to one-way margins (each margin a Series of totals by
  category), as R's rake(); `WeightsDidNotConverge` when the margins cannot be met.
- `weight_diagnostics`: sum, n, min, max, max/min, mean, CV (population), Kish design effect
  1 + CV^2 = n sum(w^2) / (sum w)^2 and effective n = (sum w)^2 / sum(w^2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


class WeightsError(ValueError):
    """Weights cannot be computed from this sample and these totals."""


class EmptyCellError(WeightsError):
    """A weighting cell has a population total but no respondent, or respondents but no total."""


class WeightsDidNotConverge(WeightsError):
    """Raking stopped after max_iterations with a margin still off by more than the tolerance."""

    def __init__(self, iterations: int, largest_gap: float, where: str, tolerance: float):
        self.iterations, self.largest_gap, self.where = iterations, largest_gap, where
        super().__init__(
            f"raking did not converge after {iterations} iterations: largest margin gap {largest_gap:.6g} "
            f"({where}), tolerance {tolerance:.3g} of the total")


# ----------------------------------------------------------------------------------------------
# helpers

def _base_weights(sample: pd.DataFrame, weight) -> np.ndarray:
    if weight is None:
        base = np.ones(len(sample))
    elif isinstance(weight, str):
        base = sample[weight].to_numpy(dtype=float)
    else:
        base = np.asarray(weight, dtype=float)
    if len(base) != len(sample):
        raise WeightsError("the base weights must have one entry per row of the sample")
    if np.any(~np.isfinite(base)) or np.any(base <= 0):
        raise WeightsError("base weights must be positive and finite")
    return base


def _check_cells_present(frame: pd.DataFrame, cells: list[str], what: str) -> None:
    missing = [c for c in cells if c not in frame.columns]
    if missing:
        raise WeightsError(f"{what} has no column(s) {missing}")
    unknown = frame[cells].isna().any(axis=1)
    if unknown.any():
        raise WeightsError(f"{what}: {int(unknown.sum())} row(s) without a value for {cells} "
                           "(give missing values a category of their own first)")


def totals_frame(population_totals, cells: list[str]) -> pd.DataFrame:
    """Population totals as a DataFrame with the cell columns and `total`. Accepts a Series
    indexed by the cells (index names = cells) or a DataFrame with the cell columns and a column
    `total` (or exactly one other column)."""
    if isinstance(population_totals, pd.Series):
        frame = population_totals.rename("total").reset_index()
        if len(cells) == 1 and cells[0] not in frame.columns:
            frame = frame.rename(columns={frame.columns[0]: cells[0]})
    else:
        frame = population_totals.copy()
        if "total" not in frame.columns:
            others = [c for c in frame.columns if c not in cells]
            if len(others) != 1:
                raise WeightsError("population totals need a column `total` next to the cell columns")
            frame = frame.rename(columns={others[0]: "total"})
    _check_cells_present(frame, cells, "population totals")
    frame = frame[cells + ["total"]]
    if frame.duplicated(cells).any():
        raise WeightsError(f"population totals list a cell twice: {frame[frame.duplicated(cells)][cells].values.tolist()}")
    totals = pd.to_numeric(frame["total"], errors="coerce")
    if totals.isna().any() or (totals < 0).any():
        raise WeightsError("population totals must be numbers >= 0")
    return frame.assign(total=totals.astype(float)).reset_index(drop=True)


def band_order(values) -> list:
    """Order of age-band labels by their first number ('under_20' < '20_24' < ... < '60_and_over';
    '<20', '16-19', '60+' work too); labels without a number sort last, alphabetically."""
    def key(label):
        text = str(label)
        match = re.search(r"\d+", text)
        if match is None:
            return (1, 0, 0, text)
        below = text.lower().startswith(("under", "<", "below", "lt"))
        return (0, int(match.group()), -1 if below else 0, text)
    return sorted(pd.unique(pd.Series(list(values)).dropna()), key=key)


def _describe(keys: tuple, names: list[str]) -> str:
    return ", ".join(f"{n}={v}" for n, v in zip(names, keys)) if names else "all"


@dataclass
class Collapsed:
    """Cells after collapsing: the sample's and the population's `along` column replaced by
    merged band labels ('a+b'), and one line per merge."""

    sample: pd.DataFrame
    totals: pd.DataFrame
    merges: list[str] = field(default_factory=list)


def collapse_cells(sample: pd.DataFrame, population_totals, cells: list[str], along: str,
                   order=None, min_respondents: int = 1) -> Collapsed:
    """Merge every band of `along` (e.g. age_band) with fewer than `min_respondents` respondents
    into a neighbouring band, within the same values of the other cell variables, until every
    merged band has enough respondents.

    Bands are ordered by `order` (else `band_order`). The band merged first is the one with the
    fewest respondents (ties: the youngest); it goes to its only neighbour, or of two
    neighbours to the one with fewer respondents (ties: the younger). Merged labels join the
    band labels with '+' ('under_20+20_24'); population totals are added up. Bands with a zero
    population total and no respondent are dropped. Raises EmptyCellError when a group of the
    other variables has no band with respondents at all."""
    if along not in cells:
        raise WeightsError(f"collapse variable {along!r} is not one of the cells {cells}")
    totals = totals_frame(population_totals, cells)
    _check_cells_present(sample, cells, "sample")
    others = [c for c in cells if c != along]
    counts = sample.groupby(cells, dropna=False).size().rename("respondents").reset_index()
    table = totals.merge(counts, on=cells, how="outer")
    table["total"] = table["total"].fillna(0.0)
    table["respondents"] = table["respondents"].fillna(0).astype(int)
    table = table[(table["total"] > 0) | (table["respondents"] > 0)]
    ranking = band_order(table[along]) if order is None else list(order)
    unknown = set(table[along]) - set(ranking)
    if unknown:
        raise WeightsError(f"bands {sorted(map(str, unknown))} of {along!r} are not in the given order")
    position = {band: i for i, band in enumerate(ranking)}

    mapping: dict[tuple, str] = {}  # (other values..., band) -> merged label
    merges: list[str] = []
    groups = table.groupby(others, dropna=False, sort=True) if others else [((), table)]
    for keys, group in groups:
        keys = keys if isinstance(keys, tuple) else (keys,)
        group = group.sort_values(along, key=lambda s: s.map(position))
        blocks = [[band] for band in group[along]]
        sizes = dict(zip(group[along], group["respondents"]))
        block_n = [sizes[b[0]] for b in blocks]
        while len(blocks) > 1 and min(block_n) < min_respondents:
            i = int(np.argmin(block_n))
            if i == 0:
                j = 1
            elif i == len(blocks) - 1:
                j = i - 1
            else:
                j = i - 1 if block_n[i - 1] <= block_n[i + 1] else i + 1
            merges.append(f"{_describe(keys, others)}: {along} {'+'.join(map(str, blocks[i]))} "
                          f"({block_n[i]} respondents) merged with {'+'.join(map(str, blocks[j]))}")
            low, high = min(i, j), max(i, j)
            blocks[low:high + 1] = [blocks[low] + blocks[high]]
            block_n[low:high + 1] = [block_n[low] + block_n[high]]
        if min(block_n) < min_respondents:
            raise EmptyCellError(f"cell {_describe(keys, others)} has {min(block_n)} respondents in every "
                                 f"band of {along!r}: nothing to merge with")
        for block in blocks:
            label = "+".join(map(str, block))
            for band in block:
                mapping[keys + (band,)] = label

    def relabel(frame: pd.DataFrame) -> pd.Series:
        keys = list(zip(*[frame[c] for c in others], frame[along])) if others else [(b,) for b in frame[along]]
        return pd.Series([mapping.get(k) for k in keys], index=frame.index, dtype=object)

    new_sample = sample.copy()
    new_sample[along] = relabel(sample)
    kept = table.copy()
    kept[along] = relabel(table)
    new_totals = kept.groupby(cells, sort=False, dropna=False)["total"].sum().reset_index()
    return Collapsed(new_sample, new_totals, merges)


# ----------------------------------------------------------------------------------------------
# post-stratification

def poststratify(sample: pd.DataFrame, population_totals, cells, weight=None, collapse: str | None = None,
                 order=None, min_respondents: int = 1) -> pd.Series:
    """Post-stratification weights: within every cell (the combination of the `cells` columns)
    the weights add up to the cell's population total, in proportion to the base weight
    (`weight`: a column name or array; none = equal).

    `population_totals`: a Series indexed by the cells or a DataFrame with the cell columns and
    `total`. A cell with respondents but no (or a zero) population total, or with a population
    total but no respondent, raises EmptyCellError, unless `collapse` names a cell variable
    (e.g. "age_band") along which such cells are merged with a neighbour first (`collapse_cells`;
    `order` and `min_respondents` are passed on). The merges are listed in
    `result.attrs["collapsed_cells"]` (empty list when nothing was merged)."""
    cells = [cells] if isinstance(cells, str) else list(cells)
    base = _base_weights(sample, weight)
    _check_cells_present(sample, cells, "sample")
    merges: list[str] = []
    if collapse is not None:
        collapsed = collapse_cells(sample, population_totals, cells, collapse, order, min_respondents)
        sample_cells, totals, merges = collapsed.sample[cells], collapsed.totals, collapsed.merges
    else:
        sample_cells, totals = sample[cells], totals_frame(population_totals, cells)

    keyed = sample_cells.reset_index(drop=True).assign(_base=base)
    cell_sums = keyed.groupby(cells, dropna=False, sort=False)["_base"].sum().rename("_cell_base").reset_index()
    table = cell_sums.merge(totals, on=cells, how="outer", indicator=True)
    no_total = table[(table["_merge"] == "left_only") | ((table["_merge"] == "both") & (table["total"] <= 0))]
    if len(no_total):
        raise EmptyCellError("respondents in cell(s) without a population total: "
                             + "; ".join(_describe(tuple(r), cells) for r in no_total[cells].itertuples(index=False)))
    no_respondent = table[(table["_merge"] == "right_only") & (table["total"] > 0)]
    if len(no_respondent):
        raise EmptyCellError("population cell(s) without respondents (pass collapse=<variable> to merge them "
                             "with a neighbour): " + "; ".join(
                                 f"{_describe(tuple(r[:-1]), cells)} (total {r[-1]:g})"
                                 for r in no_respondent[cells + ["total"]].itertuples(index=False)))
    table = table[table["_merge"] == "both"]
    factor = keyed[cells].merge(table[cells + ["_cell_base", "total"]], on=cells, how="left")
    weights = base * (factor["total"].to_numpy() / factor["_cell_base"].to_numpy())
    result = pd.Series(weights, index=sample.index, name="weight")
    result.attrs["collapsed_cells"] = merges
    return result


# ----------------------------------------------------------------------------------------------
# raking

def rake(sample: pd.DataFrame, margins: dict, weight=None, tolerance: float = 1e-10,
         max_iterations: int = 100) -> pd.Series:
    """Raking (iterative proportional fitting) of the base weights to one-way population margins:
    `margins` maps a column of the sample to a Series of population totals by category.

    Each iteration post-stratifies to every margin in turn (as R's rake()); it stops when every
    margin's weighted totals are within `tolerance` x the population total of their targets.
    Raises WeightsError when the margins' totals differ, or a category of the sample has no
    (or a zero) total, or a category with a positive total has no respondent; and
    WeightsDidNotConverge (with the iterations run and the largest gap) after `max_iterations`."""
    if not margins:
        raise WeightsError("raking needs at least one margin")
    weights = _base_weights(sample, weight).copy()
    codes, targets, labels = {}, {}, {}
    grand_totals = {}
    for variable, totals in margins.items():
        if variable not in sample.columns:
            raise WeightsError(f"margin {variable!r} is not a column of the sample")
        totals = pd.Series(totals, dtype=float)
        if totals.isna().any() or (totals < 0).any():
            raise WeightsError(f"margin {variable!r}: totals must be numbers >= 0")
        if totals.index.duplicated().any():
            raise WeightsError(f"margin {variable!r} lists a category twice")
        values = sample[variable]
        if values.isna().any():
            raise WeightsError(f"margin {variable!r}: {int(values.isna().sum())} respondent(s) without a category")
        observed = pd.unique(values)
        not_in_margin = [v for v in observed if v not in totals.index or totals[v] <= 0]
        if not_in_margin:
            raise WeightsError(f"margin {variable!r}: sample categories without a population total: {not_in_margin}")
        no_respondent = [c for c in totals.index if totals[c] > 0 and c not in set(observed)]
        if no_respondent:
            raise WeightsError(f"margin {variable!r}: categories with a population total but no respondent: {no_respondent}")
        totals = totals[totals > 0]
        categories = list(totals.index)
        codes[variable] = pd.Categorical(values, categories=categories).codes
        labels[variable] = categories
        targets[variable] = totals.to_numpy()
        grand_totals[variable] = float(totals.sum())
    grand = next(iter(grand_totals.values()))
    if any(abs(t - grand) > 1e-9 * max(abs(grand), 1.0) for t in grand_totals.values()):
        raise WeightsError(f"the margins add up to different totals: {grand_totals}")

    def largest_gap() -> tuple[float, str]:
        gap, where = 0.0, ""
        for variable, code in codes.items():
            current = np.bincount(code, weights=weights, minlength=len(targets[variable]))
            differences = np.abs(current - targets[variable])
            k = int(np.argmax(differences))
            if differences[k] > gap:
                gap, where = float(differences[k]), f"{variable}={labels[variable][k]}"
        return gap, where

    limit = tolerance * grand
    for iteration in range(1, max_iterations + 1):
        for variable, code in codes.items():
            current = np.bincount(code, weights=weights, minlength=len(targets[variable]))
            weights *= (targets[variable] / current)[code]
        gap, where = largest_gap()
        if gap <= limit:
            result = pd.Series(weights, index=sample.index, name="weight")
            result.attrs["iterations"] = iteration
            return result
    gap, where = largest_gap()
    raise WeightsDidNotConverge(max_iterations, gap, where, tolerance)


# ----------------------------------------------------------------------------------------------
# diagnostics

def weight_diagnostics(weights) -> dict:
    """Sum, n, min, max, max/min ratio, mean, CV (population standard deviation / mean), Kish's
    design effect 1 + CV^2 = n sum(w^2) / (sum w)^2, and effective n = (sum w)^2 / sum(w^2)."""
    w = np.asarray(weights, dtype=float)
    w = w[~np.isnan(w)]
    n = len(w)
    if n == 0:
        return {"n": 0, "sum": 0.0, "min": np.nan, "max": np.nan, "ratio": np.nan, "mean": np.nan,
                "cv": np.nan, "kish_deff": np.nan, "effective_n": 0.0}
    total, squares = float(w.sum()), float((w ** 2).sum())
    mean = total / n
    cv = float(np.sqrt(np.mean((w - mean) ** 2)) / mean) if mean != 0 else np.nan
    return {"n": n, "sum": total, "min": float(w.min()), "max": float(w.max()),
            "ratio": float(w.max() / w.min()) if w.min() > 0 else np.inf, "mean": mean, "cv": cv,
            "kish_deff": n * squares / total ** 2, "effective_n": total ** 2 / squares}


# ----------------------------------------------------------------------------------------------
# standard errors that account for post-stratification

def poststratified_standard_error(design, values, cells, domain=None) -> float:
    """Linearised standard error of a (domain) mean or share whose weights were post-stratified
    to known cell totals, as R's survey package computes it for a postStratify()-ed design.

    A thin wrapper: `weighted_mean(SurveyDesign(..., poststrata=cells), values, domain)` (the one
    implementation is in nav_placement.stats.estimates, `design_variance`: the scores are replaced
    by their residuals within the post-strata, u_i - w_i * sum_{j in c} u_j / sum_{j in c} w_j,
    before the stratified variance). `design` is a SurveyDesign with the final (post-stratified)
    weights (its strata, clusters and fpc are kept; its own poststrata, if any, replaced);
    `cells` one post-stratum label per person (the cells the weights were post-stratified in,
    after any collapsing). Usually smaller than the fixed-weights SE when the outcome varies between
    the cells (not always: the residuals are taken over the whole design, domain or not)."""
    from dataclasses import replace

    from nav_placement.stats.estimates import weighted_mean

    cells = np.asarray(list(cells) if not isinstance(cells, (pd.Series, np.ndarray)) else cells)
    if len(cells) != design.size:
        raise WeightsError("cells must have one entry per person of the design")
    return weighted_mean(replace(design, poststrata=cells), values, domain).standard_error
