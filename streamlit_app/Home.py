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

reproduction = query(
    "select count(distinct table_id) as tables, count(*) as numbers, "
    "count(*) filter (where within_tolerance) as within_tolerance from ("
    "select table_id, within_tolerance from marts.part1_reproduction union all "
    "select table_id, within_tolerance from marts.part1_correlation_reproduction)"
)
row = reproduction.iloc[0]
st.header("Reproduction of the 2014 report")
st.write(
    f"Part 1 (offices): {int(row['within_tolerance'])} of {int(row['numbers'])} published numbers in "
    f"{int(row['tables'])} tables are reproduced within their stated tolerance."
)
