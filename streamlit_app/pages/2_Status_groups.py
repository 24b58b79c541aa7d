"""Status groups (Part 2): any indicator for a vulnerable group beside its own complement, and by
status group, weighted, with 95% intervals. Only aggregates are read; cells under 5 persons are
withheld by the indicator table itself and shown here as withheld, and so is a share resting on 1-4
persons with (or without) the answer counted."""

import altair as alt
import pandas as pd
import streamlit as st

from nav_placement.serving import MIN_CELL_COUNT, query

st.set_page_config(page_title="Status groups - nav-placement", layout="wide")
st.title("Status groups: the current-user survey")

try:
    indicators = query(
        "select distinct wave, indicator, variable, statistic, category, label_nb, label_en, analysis_sample "
        "from analysis.status_group_indicators order by wave desc, variable, statistic, category"
    )
    groups = query("select vulnerable_group, label_nb, label_en, sort_order from codes.vulnerable_groups order by sort_order")
    status_groups = query("select status_group, label_en, sort_order from codes.user_survey_status_groups order by sort_order")
except FileNotFoundError as missing:
    st.error(str(missing))
    st.stop()

wave = st.selectbox("Wave", sorted(indicators["wave"].unique(), reverse=True))
wave_indicators = indicators[indicators["wave"] == wave].copy()


def describe(row) -> str:
    what = {"mean": "mean", "median": "median"}.get(row["statistic"])
    if what is None:
        what = "share answering 4-6" if row["category"] == "4_6" else (
            "share" if row["category"] == "1" else f"share: {row['category'].replace('_', ' ')}")
    return f"{row['variable']} {row['label_en']} ({what})"


wave_indicators["description"] = wave_indicators.apply(describe, axis=1)
choice = st.selectbox("Indicator", wave_indicators["description"].tolist())
chosen = wave_indicators[wave_indicators["description"] == choice].iloc[0]
group = st.selectbox("Vulnerable group", groups["vulnerable_group"].tolist(),
                     format_func=lambda g: groups.loc[groups["vulnerable_group"] == g, "label_en"].iloc[0])

key = [int(wave), chosen["variable"], chosen["statistic"], chosen["category"]]
estimates = query(
    "select group_type, group_code, estimate, standard_error, ci_low, ci_high, n_unweighted, suppressed_flag, "
    "n_with_outcome from analysis.status_group_indicators where wave = ? and variable = ? and statistic = ? and category = ?",
    key,
)
is_share = chosen["statistic"] == "share"
# a share resting on 1-4 persons with (or without) the answer counted is withheld here too
with_outcome = estimates["n_with_outcome"].astype("float64")
small = ((with_outcome.between(1, MIN_CELL_COUNT - 1))
         | ((estimates["n_unweighted"] - with_outcome).between(1, MIN_CELL_COUNT - 1)))
estimates["suppressed_flag"] = estimates["suppressed_flag"].astype(bool) | small.fillna(False)
for column in ["estimate", "standard_error", "ci_low", "ci_high"]:
    estimates[column] = estimates[column].where(~estimates["suppressed_flag"])


def table(frame: pd.DataFrame, labels: dict) -> pd.DataFrame:
    shown = frame.assign(label=frame["group_code"].map(labels))
    scale = 100.0 if is_share else 1.0
    for column in ["estimate", "ci_low", "ci_high"]:
        shown[column] = shown[column] * scale
    shown["n"] = shown["n_unweighted"].where(shown["n_unweighted"] >= MIN_CELL_COUNT)
    return shown[["label", "estimate", "ci_low", "ci_high", "n", "suppressed_flag"]].rename(columns={
        "label": "group", "estimate": "percent" if is_share else "estimate", "ci_low": "95% low", "ci_high": "95% high",
        "suppressed_flag": f"withheld (< {MIN_CELL_COUNT})",
    })


group_label = groups.set_index("vulnerable_group")["label_en"].to_dict()
side_by_side = estimates[
    ((estimates["group_type"] == "vulnerable_group") | (estimates["group_type"] == "complement"))
    & (estimates["group_code"] == group)
].copy()
side_by_side["group_code"] = side_by_side["group_type"].map(
    {"vulnerable_group": group, "complement": "rest"})
side_by_side = side_by_side.sort_values("group_type", key=lambda t: t.map({"vulnerable_group": 0, "complement": 1}))
labels = {group: group_label[group], "rest": "the rest (its own complement)"}
st.subheader(f"{group_label[group]} and the rest")
st.caption(f"Analysis sample {chosen['analysis_sample']}. Weighted with the county weights; intervals are 95%.")
comparison = table(side_by_side, labels)
number_format = "%.1f" if is_share else "%.2f"
columns_format = {column: st.column_config.NumberColumn(format=number_format)
                  for column in ["percent", "estimate", "95% low", "95% high"]}
st.dataframe(comparison, hide_index=True, width="stretch", column_config=columns_format)
difference = query(
    "select estimate, ci_low, ci_high, p_value, suppressed_flag from analysis.status_group_indicators "
    "where wave = ? and variable = ? and statistic = ? and category = ? and group_type = 'vulnerable_group' "
    "and group_code = ?",
    [int(wave), chosen["variable"], chosen["statistic"] + "_difference", chosen["category"], group],
)
# the difference is withheld with either of its sides
either_side_withheld = side_by_side["suppressed_flag"].any()
if not difference.empty and not difference["suppressed_flag"].iloc[0] and not either_side_withheld:
    scale, unit = (100.0, " percentage points") if is_share else (1.0, "")
    d = difference.iloc[0]
    p_text = "p < 0.001" if d["p_value"] < 0.001 else f"p = {d['p_value']:.3f}"
    st.write(
        f"Difference, group minus the rest: {scale * d['estimate']:+.1f}{unit} "
        f"(95% interval {scale * d['ci_low']:+.1f} to {scale * d['ci_high']:+.1f}; "
        f"{p_text}, "
        "design-based t-test)."
    )

by_status = estimates[estimates["group_type"].isin(["status_group", "all"])].copy()
status_order = dict(zip(status_groups["status_group"], status_groups["sort_order"]))
by_status = by_status.sort_values("group_code", key=lambda codes: codes.map(status_order).fillna(0))
status_labels = dict(zip(status_groups["status_group"], status_groups["label_en"]))
status_labels["all"] = "all respondents"
st.subheader("By status group")
status_table = table(by_status, status_labels)
st.dataframe(status_table, hide_index=True, width="stretch", column_config=columns_format)

value = "percent" if is_share else "estimate"
chart_data = pd.concat([comparison, status_table]).dropna(subset=[value])
points = alt.Chart(chart_data).mark_point(filled=True, size=80).encode(
    y=alt.Y("group:N", sort=None, title=None), x=alt.X(f"{value}:Q", title=value))
bars = alt.Chart(chart_data).mark_rule().encode(y=alt.Y("group:N", sort=None), x="95% low:Q", x2="95% high:Q")
st.altair_chart(bars + points, width="stretch")
st.caption(f"Groups with fewer than {MIN_CELL_COUNT} respondents are withheld, and so is a share resting on 1 to "
           f"{MIN_CELL_COUNT - 1} respondents with (or without) the answer counted, with the group's difference to "
           "the rest; no person-level data is shown.")
