"""The seeds the register demo reads (code lists and the office list), in one place.

Arena status and benefit codes come from `seeds/codes/`, so a code the warehouse decodes is
never typed twice. Offices come from the office demo, so Arena's office numbers are those of
the office register delivered with the same seed.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from nav_placement.demo import register as office_register
from nav_placement.demo.seeds import _read


@cache
def arena_statuses() -> pd.DataFrame:
    return _read("codes/arena_statuses.csv")


@cache
def benefits() -> pd.DataFrame:
    return _read("codes/benefits.csv")


@cache
def arena_measures() -> pd.DataFrame:
    return _read("codes/arena_measures.csv")


@cache
def countries() -> pd.DataFrame:
    return _read("codes/country_groups.csv")


@cache
def offices(seed: int) -> pd.DataFrame:
    """The 445 offices (number, county, size class) of the office register demo for `seed`.

    `offices.generate(seed)` plans the offices first from a fresh generator, so planning them
    again from `default_rng(seed)` gives the very numbers `nav-placement demo --seed` delivers
    in `avd_kontorliste` (the CLI passes one seed to every writer).
    """
    planned = office_register.plan_offices(np.random.default_rng(seed))
    return planned[["office_number", "county_code", "size_class"]].reset_index(drop=True)
