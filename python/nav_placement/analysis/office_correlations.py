"""Pearson correlation between office size and the managers' ratings (report fn 25, 28, 52)."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pandas as pd
from scipy import stats

from nav_placement.paths import Paths

# The report correlates office size with these four ratings: priority since the office was
# established (Q15), priority today (Q16), staff competence in placement (Q34) and recruitment (Q35).
CORRELATED_ITEMS = ("q15", "q16", "q34", "q35")

ANSWERS_QUERY = """
select a.wave, a.respondent_id, r.staff_total_reported as office_size, a.item_code, a.answer_value
from marts.fct_office_answer a
join marts.dim_office_respondent r using (wave, respondent_id)
where a.item_code in ? and a.valid_flag
"""


def office_size_correlations(answers: pd.DataFrame, items=CORRELATED_ITEMS) -> pd.DataFrame:
    """One row per item: Pearson r of office size and the valid 1-6 answer, its two-sided
    p-value and n. Rows without a known office size are left out, as in the report."""
    rows = []
    for item in items:
        pairs = answers.loc[answers["item_code"] == item, ["office_size", "answer_value"]].dropna()
        if len(pairs) < 3:
            raise ValueError(f"too few answers to correlate office size with {item}: {len(pairs)}")
        result = stats.pearsonr(pairs["office_size"].astype(float), pairs["answer_value"].astype(float))
        rows.append(
            {"item_code": item, "pearson_r": float(result.statistic), "p_value": float(result.pvalue), "n": len(pairs)}
        )
    return pd.DataFrame(rows)


def run(paths: Paths, progress=print) -> pd.DataFrame:
    """Read the marts, compute per wave, and replace analysis.office_size_correlations."""
    con = duckdb.connect(str(paths.build_db))
    try:
        answers = con.execute(ANSWERS_QUERY, [list(CORRELATED_ITEMS)]).df()
        result = pd.concat(
            [office_size_correlations(wave_answers).assign(wave=wave) for wave, wave_answers in answers.groupby("wave")],
            ignore_index=True,
        )[["wave", "item_code", "pearson_r", "p_value", "n"]]
        result["computed_at"] = datetime.now(timezone.utc).replace(tzinfo=None)
        con.execute("create schema if not exists analysis")
        con.register("office_size_correlations_df", result)
        con.execute("create or replace table analysis.office_size_correlations as select * from office_size_correlations_df")
        con.execute(
            "comment on table analysis.office_size_correlations is "
            "'Grain: one row per wave and item. Pearson correlation of office size (Q10 staff total) with the valid 1-6 answers "
            "to Q15, Q16, Q34, Q35, with two-sided p-value and n (report fn 25, 28, 52).'"
        )
    finally:
        con.close()
    for row in result.itertuples():
        progress(f"  wave {row.wave}: r(office size, {row.item_code}) = {row.pearson_r:+.3f}  p = {row.p_value:.4f}  n = {row.n}")
    return result
