"""Offices (Part 1): any questionnaire item by office size, with 95% intervals (finite population
correction, analysis.office_item_estimates), and response by county."""

import altair as alt
import pandas as pd
import streamlit as st

from nav_placement.serving import MIN_CELL_COUNT, query, suppress_small_cells

st.set_page_config(page_title="Offices - nav-placement", layout="wide")
st.title("Offices: the office-manager survey")

try:
    items = query(
        "select item_code, question_number, label_nb, label_en, question_label_nb, question_label_en "
        "from marts.dim_office_survey_item where rated_flag order by question_number, item_code"
    )
except FileNotFoundError as missing:
    st.error(str(missing))
    st.stop()

waves = query("select distinct wave from marts.office_item_by_size order by wave desc")["wave"].tolist()
if not waves:
    st.info("No office survey has been loaded yet.")
    st.stop()
wave = st.selectbox("Wave", waves)
questions = items.drop_duplicates("question_number")
question_number = st.selectbox(
    "Question",
    questions["question_number"].tolist(),
    format_func=lambda q: f"Q{q}: " + questions.loc[questions["question_number"] == q, "question_label_nb"].iloc[0],
)
question_items = items[items["question_number"] == question_number]


def item_label(code: str) -> str:
    """Sub-items by their Norwegian label; single-item questions carry only a scale there."""
    row = question_items.loc[question_items["item_code"] == code].iloc[0]
    return row["label_en"] if row["label_nb"].startswith("(") else f"{row['label_nb']} / {row['label_en']}"


item_code = st.selectbox("Item", question_items["item_code"].tolist(), format_func=item_label)

by_size = query(
    "select s.size_class, c.label_en as size_label, c.sort_order, s.n_valid, s.n_dont_know, s.mean_value, "
    "s.share_6_of_answered, s.share_1_2, s.share_3_4, s.share_5_6 "
    "from marts.office_item_by_size s join codes.office_size_classes c using (size_class) "
    "where s.wave = ? and s.item_code = ? order by c.sort_order",
    [wave, item_code],
)
overall = query(
    "select n_valid, mean_value from marts.office_item_by_size where wave = ? and item_code = ? and size_class = 'all'",
    [wave, item_code],
)

# Intervals of analysis.office_item_estimates (the offices as a stratified sample of the register,
# with the finite population correction). A serving copy published before the step existed has none.
has_intervals = not query(
    "select 1 from duckdb_tables() where schema_name = 'analysis' and table_name = 'office_item_estimates'"
).empty
intervals = query(
    "select group_type, group_code, statistic, estimate, design_estimate, ci_low, ci_high, n_offices, "
    "population_offices, fpc_factor from analysis.office_item_estimates "
    "where wave = ? and item_code = ? and group_type in ('all', 'size_class') and not suppressed_flag",
    [wave, item_code],
) if has_intervals else pd.DataFrame(columns=["group_type", "group_code", "statistic", "estimate", "design_estimate",
                                              "ci_low", "ci_high", "n_offices", "population_offices", "fpc_factor"])
mean_intervals = intervals[(intervals["group_type"] == "size_class") & (intervals["statistic"] == "mean")]
by_size = by_size.merge(
    mean_intervals[["group_code", "ci_low", "ci_high", "population_offices"]].rename(columns={
        "group_code": "size_class", "ci_low": "mean_ci_low", "ci_high": "mean_ci_high"}),
    on="size_class", how="left",
)

small_cell_columns = ["mean_value", "mean_ci_low", "mean_ci_high", "share_6_of_answered", "share_1_2", "share_3_4", "share_5_6"]
shown = suppress_small_cells(by_size, "n_valid", small_cell_columns)
# A don't-know count is a cell of its own: below the threshold it is withheld too.
shown["n_dont_know"] = by_size["n_dont_know"].astype("float64").where(by_size["n_dont_know"].fillna(0) >= MIN_CELL_COUNT)

st.subheader("By office size")
if not overall.empty and overall["n_valid"].iloc[0] >= MIN_CELL_COUNT:
    overall_interval = intervals[(intervals["group_type"] == "all") & (intervals["statistic"] == "mean")]
    interval_text = ""
    if not overall_interval.empty and pd.notna(overall_interval["ci_low"].iloc[0]):
        row = overall_interval.iloc[0]
        interval_text = (f"; size-stratified estimate {row['design_estimate']:.2f}, 95% interval "
                         f"{row['ci_low']:.2f} to {row['ci_high']:.2f} "
                         f"({int(row['n_offices'])} of the register's {int(row['population_offices'])} offices answered)")
    st.write(f"All offices: mean {overall['mean_value'].iloc[0]:.2f} (n = {int(overall['n_valid'].iloc[0])})"
             f"{interval_text}; scale 1-6, 6 best.")
percent = st.column_config.NumberColumn(format="percent")
score = st.column_config.NumberColumn(format="%.2f")
st.dataframe(
    shown.drop(columns=["sort_order", "size_class"]).rename(columns={
        "size_label": "office size", "n_valid": "n", "n_dont_know": "don't know", "mean_value": "mean",
        "mean_ci_low": "mean 95% low", "mean_ci_high": "mean 95% high", "population_offices": "offices in register",
        "share_6_of_answered": "share answering 6", "share_1_2": "share 1-2", "share_3_4": "share 3-4", "share_5_6": "share 5-6",
    })[["office size", "n", *(["offices in register"] if has_intervals else []), "don't know", "mean",
        *(["mean 95% low", "mean 95% high"] if has_intervals else []),
        "share answering 6", "share 1-2", "share 3-4", "share 5-6"]],
    hide_index=True,
    width="stretch",
    column_config={
        "mean": score, "mean 95% low": score, "mean 95% high": score,
        "offices in register": st.column_config.NumberColumn(format="%d"),
        "share answering 6": percent, "share 1-2": percent, "share 3-4": percent, "share 5-6": percent,
    },
)
st.caption(f"Cells with fewer than {MIN_CELL_COUNT} answers (including don't-know counts) are not shown.")
if has_intervals:
    st.caption(
        "95% intervals with the finite population correction: the answering offices are taken as a stratified "
        "sample of the offices in the register (strata = the register's size class), so the larger the share of a "
        "size class that answered, the narrower the interval; a size class where every office answered has none. "
        "The means and shares are the report's (unweighted); the intervals belong to the size-stratified estimate "
        "(within a size class the same where the offices' reported size agrees with the register; for all offices "
        "each size class weighs by its offices in the register). "
        "The chart's error bars are the 95% intervals of each share, around the size-stratified estimate (tick)."
    )
else:
    st.caption("No intervals in this serving copy (analysis.office_item_estimates is missing): rebuild with `make build`.")

distribution = query(
    "select d.size_class, c.label_en as size_label, d.answer_category, d.answer_count, d.share_of_valid "
    "from marts.office_item_distribution d join codes.office_size_classes c using (size_class) "
    "where d.wave = ? and d.item_code = ? and d.answer_category <> 'dont_know'",
    [wave, item_code],
)
group_sizes = by_size.set_index("size_class")["n_valid"]
distribution = distribution[distribution["size_class"].map(group_sizes).fillna(0) >= MIN_CELL_COUNT]
share_intervals = intervals[(intervals["group_type"] == "size_class") & intervals["statistic"].str.fullmatch(r"share_[1-6]")]
distribution = distribution.merge(
    share_intervals.assign(answer_category=share_intervals["statistic"].str.removeprefix("share_"))[
        ["group_code", "answer_category", "design_estimate", "ci_low", "ci_high"]].rename(
            columns={"group_code": "size_class"}),
    on=["size_class", "answer_category"], how="left",
)
bars = alt.Chart(distribution).mark_bar().encode(
    x=alt.X("answer_category:O", title="answer (1 = lowest, 6 = highest)"),
    y=alt.Y("share_of_valid:Q", title="share of valid answers", axis=alt.Axis(format="%")),
    color=alt.Color("size_label:N", title="office size"),
    xOffset="size_label:N",
    tooltip=["size_label", "answer_category", alt.Tooltip("share_of_valid:Q", format=".1%"),
             alt.Tooltip("ci_low:Q", title="95% low", format=".1%"), alt.Tooltip("ci_high:Q", title="95% high", format=".1%")],
)
with_interval = distribution.dropna(subset=["ci_low", "ci_high"])
error_bars = alt.Chart(with_interval).mark_rule(color="black").encode(
    x=alt.X("answer_category:O"), xOffset="size_label:N", y="ci_low:Q", y2="ci_high:Q",
)
# The interval belongs to the size-stratified estimate (a tick), which can differ a little from the
# report's unweighted share (the bar) where offices report another size than the register's.
centres = alt.Chart(with_interval).mark_tick(color="black", thickness=2).encode(
    x=alt.X("answer_category:O"), xOffset="size_label:N", y="design_estimate:Q",
)
st.altair_chart(alt.layer(bars, error_bars, centres) if has_intervals else bars, width="stretch")

st.subheader("Response by county")
counties = query(
    "select county_code, county_name, offices_total, offices_answered, response_share "
    "from marts.office_response_by_county where wave = ? order by response_share desc nulls last, county_code",
    [wave],
)
st.dataframe(
    counties.rename(columns={"offices_total": "offices", "offices_answered": "answered", "response_share": "response rate"}),
    hide_index=True,
    width="stretch",
    column_config={"response rate": st.column_config.NumberColumn(format="percent")},
)
