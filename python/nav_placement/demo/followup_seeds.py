"""The seed the follow-up survey demo (Part 3) reads: its published figures, in one place.

Every number of AFI r2014:14 Part 3 that the synthetic frame and answers reproduce and that the
report prints comes from `seeds/reference/part3_published_figures.csv` (its encoding is described
in `seeds/reference/_reference__seeds.yml`): the boxes of Figur 28, the Tabell 37 counts per
disposition, the survey-against-register comparison of section 13.2, the answers per sample
stratum (Figur 30a/b n) and the weighted outcome shares the answers are calibrated to. The
generator's own choices (numbers the report does not print) stay in followup_frame and
followup_answers as named constants.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from nav_placement.demo.seeds import _read, reference_rows, reference_value

# The sample strata in the generator's order (stratum 0 ARBS, 1 NEDS), as the seed's group_code.
STRATA = ("job_seeker", "reduced_work_capacity")
# Tabell 37's dispositions in the generator's order (followup_frame.RESPONDED, NO_ANSWER,
# NOT_INVITED), as the seed's analysis_sample.
DISPOSITIONS = ("invited_responded", "invited_nonresponse", "not_invited")


@cache
def figures() -> pd.DataFrame:
    """Published Part 3 numbers; `published_value` and `tolerance` as floats."""
    return _read("reference/part3_published_figures.csv").astype({"published_value": float, "tolerance": float})


def select(**columns) -> pd.DataFrame:
    """Reference rows whose columns have the given values (values compared as text)."""
    return reference_rows(figures(), **columns)


def value(**columns) -> float:
    """The one published value with these column values; an error if there is none or several."""
    return reference_value(figures(), **columns)


def count(**columns) -> int:
    """A published count (statistic count); an error if it is not a whole number."""
    found = value(statistic="count", **columns)
    if found != int(found):
        raise ValueError(f"{columns}: {found} is not a count")
    return int(found)


def fraction(percent: float) -> float:
    """A printed percent as a fraction, the float of the printed decimal (60 -> 0.6, 12.1 -> 0.121):
    rounding to ten decimals undoes the binary error of the division."""
    return round(percent / 100, 10)


# --- unweighted rows --------------------------------------------------------------------------


def flow(category: str) -> int:
    """A Figur 28 box (drawn, invited, not_invited, answers, no_answer)."""
    return count(table_id="F28", indicator="followup_flow", category=category)


def stratum_answers(stratum: int) -> int:
    """Answers of a sample stratum (0 ARBS: Figur 30a's n 1 608; 1 NEDS: Figur 30b's n 558)."""
    return count(indicator="followup_flow", category=f"answers_{STRATA[stratum]}")


def tabell_37(indicator: str, category: str) -> tuple[int, int, int]:
    """A Tabell 37 count per disposition (responded, invited without answer, not invited)."""
    return tuple(count(table_id="T37", indicator=indicator, category=category, analysis_sample=sample)
                 for sample in DISPOSITIONS)


def comparison_count(indicator: str) -> int:
    """A count of the survey-against-register comparison (section 13.2) printed as a count."""
    return count(table_id="S13.2", weighted_flag="false", indicator=indicator)


def comparison_share(indicator: str) -> float:
    """A percent of the comparison printed as a share of all answers (one decimal)."""
    return value(table_id="S13.2", weighted_flag="false", statistic="share", indicator=indicator)


def count_of_answers(percent: float) -> int:
    """The count of the answers (Figur 28) nearest a printed percent of them: the report prints a
    share with one decimal where the demo needs an exact count, so the nearest count is taken
    (56.7% of 2 166 = 1 228.1 -> 1 228)."""
    return int(round(percent / 100 * flow("answers")))


# --- weighted rows ------------------------------------------------------------------------------


def weighted(indicator: str, group: str, category: str = "") -> float:
    """A weighted published percent (weighted_flag true) of one exit group (job_seeker,
    reduced_work_capacity, all) and outcome category (with `;breakdown=...` for a subgroup)."""
    return value(weighted_flag="true", group_code=group, indicator=indicator, category=category)


def target(indicator: str, category: str = "", group: str = "all") -> float:
    """A weighted percent as a fraction (see `fraction`)."""
    return fraction(weighted(indicator, group, category))


def targets(indicator: str, category: str = "") -> tuple[float, float]:
    """A weighted percent per sample stratum (ARBS, NEDS), as fractions."""
    return tuple(target(indicator, category, group) for group in STRATA)
