"""nav-placement review app: what the warehouse holds, what was loaded, when it was built."""

import streamlit as st

from nav_placement.serving import query, serving_path

st.set_page_config(page_title="nav-placement", layout="wide")
st.title("nav-placement")
st.caption("Evaluation warehouse for NAV's placement and recruitment services (AFI r2014:14 and later waves)")

try:
    build = query("select published_at, nav_placement_version from meta.build_info")
except FileNotFoundError as missing:
    st.error(str(missing))
    st.stop()

st.metric("Serving copy published (UTC)", str(build["published_at"].iloc[0])[:19])
st.write(f"Serving copy: `{serving_path()}` (read-only)")

st.header("Deliveries loaded")
deliveries = query(
    "select source, delivery_id, file_name, status, row_count, loaded_at, message "
    "from meta.deliveries order by loaded_at"
)
st.dataframe(deliveries, hide_index=True, width="stretch")

st.header("Marts")
tables = query(
    "select schema_name as schema, table_name as \"table\", estimated_size as approx_rows, comment as description "
    "from duckdb_tables() where schema_name in ('marts', 'analysis') order by 1, 2"
)
st.dataframe(tables, hide_index=True, width="stretch")

REPRODUCTION_TABLES = {
    "Part 1 (offices)": ["marts.part1_reproduction", "marts.part1_correlation_reproduction"],
    "Part 2 (current users)": ["marts.part2_reproduction", "marts.part2_prose_reproduction"],
    "Part 3 (follow-up survey)": ["marts.part3_reproduction", "marts.part3_prose_reproduction"],
}
st.header("Reproduction of the 2014 report")
for part, tables in REPRODUCTION_TABLES.items():
    union = " union all ".join(f"select table_id, within_tolerance from {table}" for table in tables)
    row = query(
        "select count(distinct table_id) as tables, count(*) as numbers, "
        f"count(*) filter (where within_tolerance) as within_tolerance from ({union})"
    ).iloc[0]
    st.write(
        f"{part}: {int(row['within_tolerance'])} of {int(row['numbers'])} published numbers in "
        f"{int(row['tables'])} tables and figures are reproduced within their stated tolerance."
    )
rates = query("select wave, response_rate from marts.user_survey_response_rate order by wave")
for rate in rates.itertuples():
    st.write(f"Current-user survey {rate.wave}: response rate {100 * rate.response_rate:.1f}% "
             "(interviews / (interviews + non-response + 0.95 x not contacted because of full quotas)).")
followup = query("select survey_wave, percent from marts.followup_flow where box = 'response_rate' order by survey_wave")
for rate in followup.itertuples():
    st.write(f"Follow-up survey {rate.survey_wave}: response rate {rate.percent:.1f}% (answers / invited, as Figur 28 counts).")
