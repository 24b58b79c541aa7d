"""The seeds the Part 2 demo reads: published figures and code lists, in one place.

Every number the synthetic user survey must reproduce comes from
`seeds/reference/part2_published_figures.csv`; code lists give the delivered codes and labels.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from nav_placement.demo.seeds import _read, reference_rows, reference_value


@cache
def figures() -> pd.DataFrame:
    """Published Part 2 numbers; `published_value` and `tolerance` as floats."""
    return _read("reference/part2_published_figures.csv").astype({"published_value": float, "tolerance": float})


@cache
def status_groups() -> pd.DataFrame:
    return _read("codes/user_survey_status_groups.csv").astype({"status_group_code": int})


@cache
def labour_market_statuses() -> pd.DataFrame:
    frame = _read("codes/labour_market_statuses.csv")
    return frame.assign(nae_flag=frame["nae_flag"] == "true",
                        nae_on_measure_flag=frame["nae_on_measure_flag"] == "true")


@cache
def dispositions() -> pd.DataFrame:
    frame = _read("codes/user_survey_dispositions.csv").astype({"disposition_code": int})
    flags = [c for c in frame.columns if c.endswith("_flag")]
    return frame.assign(**{c: frame[c] == "true" for c in flags})


@cache
def items() -> pd.DataFrame:
    """Questionnaire variables in the order of the interview file."""
    return _read("codes/user_survey_items.csv")


@cache
def answer_codes() -> pd.DataFrame:
    frame = _read("codes/user_survey_answer_codes.csv").astype({"code": int})
    return frame.assign(valid_flag=frame["valid_flag"] == "true")


@cache
def countries() -> pd.DataFrame:
    frame = _read("codes/country_groups.csv")
    return frame.assign(western_flag=frame["western_flag"] == "true")


@cache
def counties() -> pd.DataFrame:
    return _read("codes/counties_2014.csv")


@cache
def benefits() -> pd.DataFrame:
    return _read("codes/benefits.csv")


def status_code(status_group: str) -> int:
    """Statusgruppe code (1-6) of a status group name."""
    frame = status_groups()
    return int(frame.loc[frame["status_group"] == status_group, "status_group_code"].iloc[0])


def select(**columns) -> pd.DataFrame:
    """Reference rows whose columns have the given values (values compared as text)."""
    return reference_rows(figures(), **columns)


def value(**columns) -> float:
    """The one published value with these column values; an error if there is none or several."""
    return reference_value(figures(), **columns)


def flow(category: str) -> int:
    """A Figur 6 count (drawn, phone_found, interview, nonresponse, quota_full)."""
    return int(value(table_id="F6", statistic="count", category=category))


def sample_size(analysis_sample: int) -> int:
    return int(value(table_id="F6", statistic="n", analysis_sample=analysis_sample))


def scale_codes(answer_scale: str) -> pd.DataFrame:
    codes = answer_codes()
    return codes[codes["answer_scale"] == answer_scale]


def missing_codes(answer_scale: str) -> list[int]:
    """Codes of a scale that SPSS should treat as user-missing (vet ikke, ikke aktuelt)."""
    codes = scale_codes(answer_scale)
    return sorted(codes.loc[~codes["valid_flag"], "code"])
