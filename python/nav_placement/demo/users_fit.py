"""Fitting synthetic answers to the report's weighted prose figures.

Answers come from a latent score per person (traits of the person's groups plus noise), so
they hang together like survey data. Two steps then bring every printed figure home:

1. raking: a shift of the latent score for the members of each target group, found by
   bisection, target after target, until the weighted statistics are close;
2. polishing: single answers moved one step (a flag flipped, a scale answer +-1, a count to
   the next typical value) where that brings the figures closer, preferring persons whose own
   latent score leans that way, until each figure sits well inside its tolerance.

Statistics are weighted means over a target's members (shares are means of 0/1), so a move's
effect on every figure is known in advance and the polish is a vectorised greedy search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

GOAL = 0.15  # polish until every figure is within this fraction of its tolerance
LEAN = 1e-3  # weight of "the person's latent score leans the other way" in the polish


def identity(values: np.ndarray) -> np.ndarray:
    return values


@dataclass
class Target:
    """A weighted statistic of some persons' values: offset + sign x (mean over `mask` [- mean
    over `complement`]), of `transform(values)`; to be brought within `tolerance` of `value`."""

    mask: np.ndarray
    value: float
    tolerance: float
    label: str = ""
    transform: Callable[[np.ndarray], np.ndarray] = identity
    complement: np.ndarray | None = None
    sign: float = 1.0
    offset: float = 0.0
    slopes: np.ndarray = field(init=False, repr=False)
    support: np.ndarray = field(init=False, repr=False)

    def prepare(self, weights: np.ndarray) -> None:
        """Per-person effect of a unit change of the transformed value on the statistic."""
        slopes = np.where(self.mask, weights, 0.0) / weights[self.mask].sum()
        members = self.mask.copy()
        if self.complement is not None:
            slopes -= np.where(self.complement, weights, 0.0) / weights[self.complement].sum()
            members |= self.complement
        self.slopes = self.sign * slopes
        self.support = np.flatnonzero(members)

    def statistic(self, values: np.ndarray) -> float:
        contribution = self.transform(values[self.support]).astype(float)
        return self.offset + float(self.slopes[self.support] @ contribution)

    def error(self, values: np.ndarray) -> float:
        return self.statistic(values) - self.value


ValueMaker = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (latent scores, their positions) -> answers


def rake(latent: np.ndarray, to_values: ValueMaker, targets: Sequence[Target], free: np.ndarray,
         rounds: int = 6, span: float = 8.0, steps: int = 18) -> np.ndarray:
    """Latent scores shifted group by group until each target's statistic is (nearly) met.

    Only a target's own persons are re-evaluated while its shift is sought."""
    latent = latent.astype(float).copy()
    for _ in range(rounds):
        for target in targets:
            support = target.support
            shifted = (target.mask & free)[support]
            if not shifted.any():
                continue
            slopes, base = target.slopes[support], latent[support]

            def error(shift: float) -> float:
                values = to_values(base + shift * shifted, support)
                return target.offset + float(slopes @ target.transform(values)) - target.value

            low, high = -span, span
            rising = error(high) > error(low)
            for _ in range(steps):
                middle = (low + high) / 2
                if (error(middle) < 0) == rising:
                    low = middle
                else:
                    high = middle
            latent[support[shifted]] += (low + high) / 2
    return latent


def polish(values: np.ndarray, targets: Sequence[Target], free: np.ndarray,
           moves: Callable[[np.ndarray], list[np.ndarray]], lean: np.ndarray | None = None,
           goal: float = GOAL, limit: int = 20000) -> np.ndarray:
    """Single answers moved, best move first, until every target is within `goal` x tolerance.

    `moves(values)` gives candidate new values per person (NaN = no such move); `lean` is the
    latent value each person's answer would take unconstrained (moves towards it are preferred).
    """
    values = values.astype(float).copy()
    if not targets:
        return values
    slopes = np.stack([t.slopes for t in targets], axis=1)
    tolerance = np.array([t.tolerance for t in targets])
    transforms = list(dict.fromkeys(t.transform for t in targets))
    column = np.array([transforms.index(t.transform) for t in targets])

    def transformed(v: np.ndarray) -> np.ndarray:
        return np.stack([f(v).astype(float) for f in transforms], axis=1)[:, column]

    current = transformed(values)
    errors = np.array([t.error(values) for t in targets])
    for _ in range(limit):
        if np.all(np.abs(errors) <= goal * tolerance):
            break
        best, best_cost, best_value = -1, 0.0, None
        before = ((errors / tolerance) ** 2).sum()
        for candidate in moves(values):
            possible = free & ~np.isnan(candidate)
            if not possible.any():
                continue
            filled = np.where(possible, candidate, values)
            change = np.nan_to_num(transformed(filled) - current)
            after = (((errors[None, :] + slopes * change) / tolerance) ** 2).sum(axis=1)
            cost = after - before
            if lean is not None:
                cost += LEAN * np.nan_to_num(np.abs(filled - lean) - np.abs(values - lean))
            cost[~possible] = np.inf
            i = int(np.argmin(cost))
            if cost[i] < best_cost:
                best, best_cost, best_value = i, cost[i], filled[i]
        if best < 0:
            break
        values[best] = best_value
        row = transformed(values[best:best + 1])[0]
        errors += slopes[best] * np.nan_to_num(row - current[best])
        current[best] = row
    return values


def fit(latent: np.ndarray, to_values: ValueMaker, targets: Sequence[Target], weights: np.ndarray,
        free: np.ndarray, moves: Callable[[np.ndarray], list[np.ndarray]], fixed: np.ndarray | None = None,
        lean: ValueMaker | None = None) -> np.ndarray:
    """Values for the free persons (fixed ones keep `fixed`, NaN = not asked) meeting every target.

    `lean(scores, positions)` is where each person's answer would sit unconstrained (default:
    the answer itself); the polish prefers moves towards it.
    """
    for target in targets:
        target.prepare(weights)
    fixed = np.full(len(latent), np.nan) if fixed is None else fixed

    def values_of(scores: np.ndarray, index: np.ndarray) -> np.ndarray:
        return np.where(free[index], to_values(scores, index).astype(float), fixed[index])

    everyone = np.arange(len(latent))
    shifted = rake(latent, values_of, targets, free)
    values = values_of(shifted, everyone)
    leaning = (lean or to_values)(shifted, everyone).astype(float)
    return polish(values, targets, free, moves, lean=leaning)


def report(values: np.ndarray, targets: Sequence[Target]) -> list[str]:
    """Targets missed by more than their tolerance (for checks and messages)."""
    return [f"{t.label}: {t.statistic(values):.4f} vs {t.value:.4f} ± {t.tolerance:.4f}"
            for t in targets if abs(t.error(values)) > t.tolerance + 1e-12]


# ---- value makers: latent score -> answers -------------------------------------------------

def flag_values(scores: np.ndarray, index=None) -> np.ndarray:
    """A flag is set where the latent score is positive."""
    return (scores > 0).astype(float)


def flag_lean(scores: np.ndarray, index=None) -> np.ndarray:
    """How strongly a person leans to the flag: the logistic of the latent score."""
    return 1.0 / (1.0 + np.exp(-scores))


def flag_moves(values: np.ndarray) -> list[np.ndarray]:
    return [1.0 - values]


CUTS = np.array([-2.4, -1.45, -0.55, 0.35, 1.35])  # a 1-6 scale: mean 3.5 ~ 50 % answer 4-6


def scale_values(scores: np.ndarray, index=None) -> np.ndarray:
    return 1.0 + (scores[:, None] > CUTS[None, :]).sum(axis=1)


def scale_moves(values: np.ndarray) -> list[np.ndarray]:
    up = np.where(values < 6, values + 1, np.nan)
    down = np.where(values > 1, values - 1, np.nan)
    return [up, down]


def top_box(values: np.ndarray) -> np.ndarray:
    """Answer 4, 5 or 6 (the report's "fornøyd" side of the scale)."""
    return (values >= 4).astype(float)
