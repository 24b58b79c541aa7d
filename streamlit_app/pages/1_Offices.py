"""Offices (Part 1): any questionnaire item by office size, and response by county."""

import altair as alt
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
small_cell_columns = ["mean_value", "share_6_of_answered", "share_1_2", "share_3_4", "share_5_6"]
shown = suppress_small_cells(by_size, "n_valid", small_cell_columns)
# A don't-know count is a cell of its own: below the threshold it is withheld too.
shown["n_dont_know"] = by_size["n_dont_know"].astype("float64").where(by_size["n_dont_know"].fillna(0) >= MIN_CELL_COUNT)

st.subheader("By office size")
if not overall.empty and overall["n_valid"].iloc[0] >= MIN_CELL_COUNT:
    st.write(f"All offices: mean {overall['mean_value'].iloc[0]:.2f} (n = {int(overall['n_valid'].iloc[0])}); scale 1-6, 6 best.")
percent = st.column_config.NumberColumn(format="percent")
st.dataframe(
    shown.drop(columns=["sort_order", "size_class"]).rename(columns={
        "size_label": "office size", "n_valid": "n", "n_dont_know": "don't know", "mean_value": "mean",
        "share_6_of_answered": "share answering 6", "share_1_2": "share 1-2", "share_3_4": "share 3-4", "share_5_6": "share 5-6",
    }),
    hide_index=True,
    width="stretch",
    column_config={
        "mean": st.column_config.NumberColumn(format="%.2f"),
        "share answering 6": percent, "share 1-2": percent, "share 3-4": percent, "share 5-6": percent,
    },
)
st.caption(f"Cells with fewer than {MIN_CELL_COUNT} answers (including don't-know counts) are not shown.")

distribution = query(
    "select d.size_class, c.label_en as size_label, d.answer_category, d.answer_count, d.share_of_valid "
    "from marts.office_item_distribution d join codes.office_size_classes c using (size_class) "
    "where d.wave = ? and d.item_code = ? and d.answer_category <> 'dont_know'",
    [wave, item_code],
)
group_sizes = by_size.set_index("size_class")["n_valid"]
distribution = distribution[distribution["size_class"].map(group_sizes).fillna(0) >= MIN_CELL_COUNT]
st.altair_chart(
    alt.Chart(distribution).mark_bar().encode(
        x=alt.X("answer_category:O", title="answer (1 = lowest, 6 = highest)"),
        y=alt.Y("share_of_valid:Q", title="share of valid answers", axis=alt.Axis(format="%")),
        color=alt.Color("size_label:N", title="office size"),
        xOffset="size_label:N",
        tooltip=["size_label", "answer_category", alt.Tooltip("share_of_valid:Q", format=".1%")],
    ),
    width="stretch",
)

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
