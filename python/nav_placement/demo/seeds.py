"""The seeds the demo calibrates against: the one place the generator reads them.

Every published number the synthetic data must reproduce comes from
`seeds/reference/part1_published_figures.csv`, so no figure is typed twice.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

import pandas as pd

from nav_placement.paths import SEEDS_DIR


def _read(relative: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / relative, dtype=str, keep_default_na=False, encoding="utf-8")


def reference_rows(frame: pd.DataFrame, **columns) -> pd.DataFrame:
    """Rows of a published-figures seed whose columns have the given values (compared as text;
    a list, tuple or set means any of them)."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in columns.items():
        if isinstance(wanted, (list, tuple, set)):
            mask &= frame[column].isin([str(v) for v in wanted])
        else:
            mask &= frame[column] == str(wanted)
    return frame[mask]


def reference_value(frame: pd.DataFrame, **columns) -> float:
    """The one published value of a seed with these column values; an error if none or several."""
    rows = reference_rows(frame, **columns)
    if len(rows) != 1:
        raise LookupError(f"expected one reference row for {columns}, found {len(rows)}")
    return float(rows["published_value"].iloc[0])


@cache
def figures() -> pd.DataFrame:
    """Published Part 1 numbers, `published_value` and `tolerance` as floats."""
    return _read("reference/part1_published_figures.csv").astype({"published_value": float, "tolerance": float})


@cache
def items() -> pd.DataFrame:
    """Questionnaire items in delivered column order."""
    return _read("codes/office_survey_items.csv")


@cache
def counties() -> pd.DataFrame:
    return _read("codes/counties_2014.csv")


@cache
def size_classes() -> pd.DataFrame:
    return _read("codes/office_size_classes.csv")


@cache
def org_forms() -> pd.DataFrame:
    return _read("codes/office_org_forms.csv")


def select(statistic: str, item_code: str | None = None, **columns: str) -> pd.DataFrame:
    """Reference rows of one statistic (optionally of one item and with other column values)."""
    frame = figures()
    mask = frame["statistic"] == statistic
    if item_code is not None:
        mask &= frame["item_code"] == item_code
    for column, value in columns.items():
        mask &= frame[column] == value
    return frame[mask]


def row(statistic: str, item_code: str | None = None, **columns: str) -> pd.Series:
    """The one reference row of a statistic; an error if the seed holds none or several."""
    rows = select(statistic, item_code, **columns)
    if len(rows) != 1:
        raise LookupError(f"expected one {statistic} row for {item_code or 'all'} {columns}, found {len(rows)}")
    return rows.iloc[0]


def value(statistic: str, item_code: str | None = None, **columns: str) -> float:
    """The one published value of a statistic; an error if the seed holds none or several."""
    return float(row(statistic, item_code, **columns)["published_value"])


def date_value(statistic: str) -> date:
    """A published date (unit date_yyyymmdd: the seed writes 8 September 2014 as 20140908)."""
    found = row(statistic)
    if found["unit"] != "date_yyyymmdd":
        raise ValueError(f"{statistic} is in {found['unit']}, not date_yyyymmdd")
    return datetime.strptime(f"{int(found['published_value'])}", "%Y%m%d").date()
