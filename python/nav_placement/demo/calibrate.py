"""Integer searches that make synthetic answers reproduce the report's rounded figures.

The report prints rounded means and percentages. These helpers find whole counts whose
rounded value is the printed one, and orderings that hit a printed correlation, so the
generator plants raw answers only and never a derived number. Exact fractions are used
wherever a value is compared with a printed one, because 8.75 must round to 8.8.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np


def exact(number: float | str) -> Fraction:
    """A printed decimal as an exact fraction (4.76 -> 476/100, not the nearest binary float)."""
    return Fraction(str(number))


def round_half_up(value: Fraction, digits: int) -> Fraction:
    scale = 10**digits
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def percent(count: int, total: int) -> Fraction:
    return Fraction(100 * count, total)


def apportion(total: int, shares: Sequence[float]) -> list[int]:
    """Whole counts closest to `shares` percent of `total` that add up to `total`.

    Largest remainder on the printed shares themselves (not renormalised): a table whose rows
    sum to 101.0 still gets the counts nearest to each printed row.
    """
    quotas = [exact(share) * total / 100 for share in shares]
    counts = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(shares)), key=lambda i: quotas[i] - counts[i], reverse=True)
    missing = total - sum(counts)
    for i in by_remainder[:missing] if missing > 0 else by_remainder[::-1][:-missing]:
        counts[i] += 1 if missing > 0 else -1
    return counts


def mean_total(n: int, mean: float) -> int:
    """The sum of `n` answers whose mean is closest to the printed `mean` and rounds to it."""
    target = exact(mean)
    candidates = sorted(range(math.floor(n * target) - 1, math.ceil(n * target) + 2),
                        key=lambda total: abs(Fraction(total, n) - target))
    for total in candidates:
        if round_half_up(Fraction(total, n), 2) == target:
            return total
    raise ValueError(f"no sum of {n} whole answers has mean {mean}")


def shaped_counts(n: int, total: int, values: Sequence[int], spread: float = 1.1) -> dict[int, int]:
    """How many of `n` answers take each of `values` so that they sum to `total`.

    Survey answers are unimodal, so the counts follow a rounded bell whose centre is moved
    until its mean is the wanted one; single answers are then moved one step up or down,
    where that keeps the counts closest to the bell, until the sum is exact.
    """
    values = list(values)
    if not values[0] * n <= total <= values[-1] * n:
        raise ValueError(f"{n} answers on {values[0]}-{values[-1]} cannot sum to {total}")
    if n == 0:
        return dict.fromkeys(values, 0)
    grid = np.array(values, dtype=float)

    def bell(centre: float) -> np.ndarray:
        weights = np.exp(-((grid - centre) ** 2) / (2 * spread**2))
        return weights / weights.sum()

    low, high = values[0] - 10.0, values[-1] + 10.0
    for _ in range(60):
        centre = (low + high) / 2
        low, high = (centre, high) if bell(centre) @ grid < total / n else (low, centre)
    ideal = bell(centre) * n
    counts = dict(zip(values, apportion(n, list(ideal / n * 100))))

    def misfit(c: dict[int, int]) -> float:
        return sum((c[v] - ideal[i]) ** 2 for i, v in enumerate(values))

    while (gap := total - sum(v * c for v, c in counts.items())) != 0:
        step = 1 if gap > 0 else -1
        moves = []
        for i, v in enumerate(values):
            j = i + step
            if counts[v] > 0 and 0 <= j < len(values):
                moved = dict(counts)
                moved[v] -= 1
                moved[values[j]] += 1
                moves.append((misfit(moved), moved))
        counts = min(moves, key=lambda m: m[0])[1]
    return counts


def share_options(capacity: int, minimum: int, target: tuple[float, float] | None,
                  open_sixes: bool = False) -> list[tuple[int, int | None, float]]:
    """(answerers, answering 6, misfit) for one size group.

    With a printed share (value, tolerance) only counts whose percentage is within the
    tolerance qualify, misfit being the distance in tolerances. Without one any number of
    answerers qualifies, the 6-count left open (None) or, with `open_sixes`, any.
    """
    options = []
    for n in range(minimum, capacity + 1):
        if target is None:
            options += [(n, k, 0.0) for k in range(n + 1)] if open_sixes else [(n, None, 0.0)]
            continue
        published, tolerance = exact(target[0]), exact(target[1])
        low = max(0, math.ceil((published - tolerance) * n / 100))
        high = min(n, math.floor((published + tolerance) * n / 100))
        options += [(n, k, float(abs(percent(k, n) - published) / tolerance)) for k in range(low, high + 1) if n]
    return options


def split_groups(
    answered: int,
    capacity: dict[str, int],
    targets: dict[str, tuple[float, float]],
    sixes: int | None = None,
    accept: Callable[[dict[str, int], dict[str, int | None]], bool] = lambda n, k: True,
) -> tuple[dict[str, int], dict[str, int | None]]:
    """Answerers and 6-counts per size group for an item with a by-size table.

    `answered` respondents out of `capacity` per group answer; each group with a printed
    share of 6s (`targets`) gets a count that rounds to it. Missing answers are spread over
    the groups as evenly as the printed shares allow (a table with a large N cannot hide all
    its blanks in one group). `sixes` fixes the total of 6s (when the item's distribution is
    printed too); `accept` vetoes splits the caller cannot use (e.g. an impossible mean).
    """
    missing = sum(capacity.values()) - answered
    expected = {g: capacity[g] * answered / sum(capacity.values()) for g in capacity}
    options = {
        g: [(n, k, misfit ** 2 + (n - expected[g]) ** 2 / max(expected[g], 1))
            for n, k, misfit in share_options(capacity[g], max(0, capacity[g] - missing), targets.get(g),
                                              open_sixes=sixes is not None)]
        for g in capacity
    }
    *free, last = sorted(capacity, key=lambda g: len(options[g]))
    combos = list(itertools.product(*(options[g] for g in free)))
    n_sum = np.array([sum(o[0] for o in combo) for combo in combos])
    k_sum = np.array([sum(o[1] or 0 for o in combo) for combo in combos])
    cost = np.array([sum(o[2] for o in combo) for combo in combos])
    candidates = []
    for closing in options[last]:
        fits = n_sum + closing[0] == answered
        if sixes is not None:
            fits &= k_sum + closing[1] == sixes
        candidates += [(cost[i] + closing[2], i, closing) for i in np.flatnonzero(fits)]
    for _, i, closing in sorted(candidates, key=lambda c: c[0]):
        chosen = dict(zip((*free, last), (*combos[i], closing)))
        n = {g: chosen[g][0] for g in capacity}
        k = {g: chosen[g][1] for g in capacity}
        if accept(n, k):
            return n, k
    raise ValueError(f"no split of {answered} answers over {capacity} reproduces {targets}")


def closest_split(answered: int, capacity: dict[str, int], targets: dict[str, tuple[float, float]],
                  accept: Callable[[dict[str, int], dict[str, int | None]], bool] = lambda n, k: True,
                  step: float = 0.05, widest: float = 1.0):
    """`split_groups`, or where the printed N and shares cannot all hold with these group sizes
    (the report's crosstab denominators are not always those of its N), the split that misses
    as few printed shares as possible, by as little as possible: the tolerance of one group,
    then of two, ... is widened by `step` until a split exists."""
    def widenings():
        yield (), 0.0
        for size in range(1, len(targets) + 1):
            for widen in np.arange(step, widest + step / 2, step):
                yield from ((groups, widen) for groups in itertools.combinations(targets, size))

    for widened_groups, widen in widenings():
        widened = {g: (published, tolerance + (widen if g in widened_groups else 0.0))
                   for g, (published, tolerance) in targets.items()}
        try:
            return split_groups(answered, capacity, widened, accept=accept)
        except ValueError:
            continue
    raise ValueError(f"no split of {answered} answers over {capacity} comes within {widest} of {targets}")


def bisect(function: Callable[[float], float], target: float, low: float, high: float, steps: int = 40) -> float:
    """The argument in [low, high] where a decreasing `function` comes closest to `target`."""
    best, miss = min(((x, abs(function(x) - target)) for x in (low, high)), key=lambda b: b[1])
    for _ in range(steps):
        middle = (low + high) / 2
        result = function(middle)
        if abs(result - target) < miss:
            best, miss = middle, abs(result - target)
        low, high = (middle, high) if result > target else (low, middle)
    return best


def stretch_to_total(values: np.ndarray, floor: float, total: float, cap: float) -> np.ndarray:
    """Whole values spread away from (or towards) `floor` until they sum to about `total`.

    Keeps their order and the floor, so a median or a class bound set before stays put.
    """
    spread = values - floor

    def stretched(factor: float) -> np.ndarray:
        return np.minimum(np.round(floor + spread * factor), cap)

    return stretched(bisect(lambda f: -float(stretched(f).sum()), -total, 0.01, 20.0))


def swap_to_mean(chosen: np.ndarray, pool: np.ndarray, values: np.ndarray, target: float) -> np.ndarray:
    """`chosen` (indices into `values`) with at most one member exchanged for another of `pool`,
    the exchange that brings the mean of `values` over `chosen` closest to `target`.

    A search over a weight moves whole respondents, so one large office can step the mean past
    the target; one well-picked exchange closes that gap. Members with unknown values stay.
    """
    chosen = np.array(chosen)
    inside = chosen[~np.isnan(values[chosen])]
    outside = np.setdiff1d(pool, chosen)
    outside = outside[~np.isnan(values[outside])]
    if len(inside) == 0 or len(outside) == 0:
        return chosen
    gap = target * len(inside) - values[inside].sum()
    change = values[outside][None, :] - values[inside][:, None]
    i, j = np.unravel_index(np.argmin(np.abs(change - gap)), change.shape)
    if abs(change[i, j] - gap) < abs(gap):
        chosen[chosen == inside[i]] = outside[j]
    return chosen


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def swap_to_correlation(x: np.ndarray, y: np.ndarray, movable: np.ndarray, target: float,
                        tolerance: float) -> np.ndarray:
    """`y` with pairs of movable values swapped until corr(x, y) is within `tolerance` of `target`.

    A swap keeps every count (so all printed distributions still hold) and moves the
    correlation by a small, exactly computable step; the best single swap is taken each time.
    """
    y = y.astype(float).copy()
    scale = len(x) * x.std() * y.std()
    index = np.flatnonzero(movable)
    for _ in range(50):
        needed = (target - pearson(x, y)) * scale
        if abs(needed) <= tolerance * scale / 2:
            return y
        xi, yi = x[index], y[index]
        change = (yi[None, :] - yi[:, None]) * (xi[:, None] - xi[None, :])
        best = np.unravel_index(np.argmin(np.abs(change - needed)), change.shape)
        a, b = index[best[0]], index[best[1]]
        y[a], y[b] = y[b], y[a]
    raise ValueError(f"could not bring the correlation to {target} by swaps")
