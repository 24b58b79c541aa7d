"""Keyed random draws for the register demo: a uniform number per (seed, stream, person, month).

A draw depends on its key only, not on how many numbers were drawn before it. So the month-t
part of a history is the same whatever the number of months simulated: the extract for one
month more (`months=37`, delivery 2014-07) differs from the 2014-06 one only where that month
changes something (an open spell closed, a new spell), as a real next extract does. That is
what an incremental rebuild is tested against.
"""

from __future__ import annotations

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MONTH = np.uint64(0xD1B54A32D192ED03)
_STREAM = np.uint64(0xC2B2AE3D27D4EB4F)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX_1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX_2
    return x ^ (x >> np.uint64(31))


def uniform(seed: int, stream: int, person: np.ndarray, month: np.ndarray | int = 0) -> np.ndarray:
    """Uniform [0, 1) draws, one per element of `person` (broadcast with `month`)."""
    key = _mix(np.array([(seed & 0xFFFFFFFF) << 16 | stream], dtype=np.uint64) * _STREAM)
    p = np.asarray(person).astype(np.uint64)
    m = np.asarray(month).astype(np.int64).astype(np.uint64)
    x = _mix(p * _GOLDEN + m * _MONTH + key)  # one splitmix64 round over a Weyl-style sum
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def integers(seed: int, stream: int, person: np.ndarray, month: np.ndarray | int, low: int, high: int) -> np.ndarray:
    """Whole numbers in [low, high) from the keyed draw."""
    return low + np.floor(uniform(seed, stream, person, month) * (high - low)).astype(np.int64)


def pick(seed: int, stream: int, person: np.ndarray, month: np.ndarray | int, weights: np.ndarray) -> np.ndarray:
    """An index into `weights` per element, with those relative weights."""
    cumulative = np.cumsum(np.asarray(weights, dtype=float))
    u = uniform(seed, stream, person, month) * cumulative[-1]
    return np.minimum(np.searchsorted(cumulative, u, side="right"), len(cumulative) - 1)
