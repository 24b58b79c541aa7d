"""Pearson correlation between office size and the managers' ratings (report fn 25, 28, 52)."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pandas as pd
from scipy import stats

from nav_placement.analysis.tables import replace_analysis_table
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
    """One row per item: Pearson r of office size and the valid 1-6 answer, n, and the p-value
    two-sided and one-sided (in the direction of r). The report's thresholds (fn 25, 28, 52:
    p<0.01 for Q15, p<0.05 for the others) hold for one-sided tests only, so both are kept.
    Rows without a known office size are left out, as in the report."""
    rows = []
    for item in items:
        pairs = answers.loc[answers["item_code"] == item, ["office_size", "answer_value"]].dropna()
        if len(pairs) < 3:
            raise ValueError(f"too few answers to correlate office size with {item}: {len(pairs)}")
        result = stats.pearsonr(pairs["office_size"].astype(float), pairs["answer_value"].astype(float))
        rows.append({
            "item_code": item, "pearson_r": float(result.statistic), "p_value": float(result.pvalue),
            "p_value_one_sided": float(result.pvalue) / 2, "n": len(pairs),
        })
    return pd.DataFrame(rows)


COLUMN_DOCS = {
    "wave": "Survey wave (year).",
    "item_code": "Rated item correlated with office size (q15, q16, q34, q35).",
    "pearson_r": "Pearson correlation coefficient of office size and the answer.",
    "p_value": "Two-sided p-value.",
    "p_value_one_sided": "One-sided p-value in the direction of r (the report's 'p<x' holds for these).",
    "n": "Respondents with both a valid 1-6 answer and a Q10 staff total.",
    "computed_at": "When the Python step computed the row (UTC).",
}


def run(paths: Paths, progress=print) -> pd.DataFrame:
    """Read the marts, compute per wave, and replace analysis.office_size_correlations."""
    con = duckdb.connect(str(paths.build_db))
    try:
        answers = con.execute(ANSWERS_QUERY, [list(CORRELATED_ITEMS)]).df()
        columns = ["wave", "item_code", "pearson_r", "p_value", "p_value_one_sided", "n"]
        per_wave = []
        for wave, wave_answers in answers.groupby("wave"):
            try:
                per_wave.append(office_size_correlations(wave_answers).assign(wave=wave))
            except ValueError as error:
                raise ValueError(f"office survey wave {wave}: {error}") from error
        # A warehouse without office-survey deliveries gets an empty table, not an error.
        result = pd.concat(per_wave, ignore_index=True)[columns] if per_wave else pd.DataFrame(columns=columns)
        result["computed_at"] = datetime.now(timezone.utc).replace(tzinfo=None)
        replace_analysis_table(
            con, "office_size_correlations", result,
            "Grain: one row per wave and item. Pearson correlation of office size (Q10 staff total) with the valid "
            "1-6 answers to Q15, Q16, Q34, Q35 (report fn 25, 28, 52).",
            COLUMN_DOCS,
        )
    finally:
        con.close()
    for row in result.itertuples():
        progress(f"  wave {row.wave}: r(office size, {row.item_code}) = {row.pearson_r:+.3f}  "
                 f"p = {row.p_value:.4f} (one-sided {row.p_value_one_sided:.4f})  n = {row.n}")
    return result
