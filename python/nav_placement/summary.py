"""What a build produced, and how closely it reproduces the published report."""

from __future__ import annotations

import duckdb

from nav_placement.paths import Paths

REPRODUCTION_QUERY = """
select table_id, count(*) as numbers, count(*) filter (where within_tolerance) as within,
       max(abs_difference) filter (where unit in ('percent', 'percent_integer', 'percentage_points')) as max_pp,
       max(abs_difference) filter (where unit = 'score_1_6') as max_mean,
       max(abs_difference) filter (where unit = 'count') as max_count
from marts.part1_reproduction
group by table_id
"""

CORRELATION_QUERY = """
select table_id, item_code, statistic, published_value as published, computed_value as computed,
       abs_difference, within_tolerance
from marts.part1_correlation_reproduction
order by figure_id
"""


def reproduction_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Lines saying which published tables were checked and the largest differences."""
    tables = con.execute(REPRODUCTION_QUERY).df()
    correlations = con.execute(CORRELATION_QUERY).df()
    numbers = int(tables["numbers"].sum()) + len(correlations)
    within = int(tables["within"].sum()) + int(correlations["within_tolerance"].fillna(False).sum())
    worst_pp = tables.loc[tables["max_pp"].idxmax()]
    worst_r = correlations.loc[correlations["statistic"] == "pearson_r", "abs_difference"].max()
    lines = [
        f"Reproduction of AFI r2014:14 Part 1: {len(tables)} tables and method facts, "
        f"{len(correlations)} correlation figures; "
        f"{within} of {numbers} published numbers within their stated tolerance.",
        f"  largest difference: {worst_pp['max_pp']:.2f} percentage points ({worst_pp['table_id']}, see the note "
        f"in seeds/reference/), {tables['max_mean'].max():.4f} on a "
        f"1-6 mean, {tables['max_count'].max():.0f} in a count, {worst_r:.4f} in a correlation.",
    ]
    missed = tables[tables["within"] < tables["numbers"]]
    for row in missed.itertuples():
        lines.append(f"  OUT OF TOLERANCE: {row.table_id}: {row.numbers - row.within} of {row.numbers} numbers")
    for row in correlations[~correlations["within_tolerance"].fillna(False).astype(bool)].itertuples():
        lines.append(f"  OUT OF TOLERANCE: {row.table_id} {row.statistic}({row.item_code}) = {row.computed} vs {row.published}")
    return lines


PART2_QUERY = """
select
    (select count(*) from marts.part2_reproduction) as counts,
    (select count(*) from marts.part2_reproduction where within_tolerance) as counts_within,
    (select count(distinct table_id) from marts.part2_reproduction) as count_tables,
    (select count(*) from marts.part2_prose_reproduction) as prose,
    (select count(*) from marts.part2_prose_reproduction where within_tolerance) as prose_within,
    (select max(abs_difference / tolerance) from marts.part2_prose_reproduction where tolerance > 0) as worst_ratio
"""


def part2_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    row = con.execute(PART2_QUERY).df().iloc[0]
    rates = con.execute("select wave, response_rate from marts.user_survey_response_rate order by wave").fetchall()
    return [
        f"Reproduction of AFI r2014:14 Part 2: {int(row['counts_within'])} of {int(row['counts'])} counts and shares "
        f"({int(row['count_tables'])} tables: Tabell 34, 35, register cross-tab, fieldwork flow, response rate) exact "
        f"within tolerance; {int(row['prose_within'])} of {int(row['prose'])} weighted prose figures within their "
        f"sampling-error band (largest: {row['worst_ratio']:.2f} of its band).",
    ] + [
        f"  response rate {wave} (interviews / (interviews + non-response + 0.95 x not contacted)): {100 * rate:.1f}%"
        for wave, rate in rates
    ]


PART3_QUERY = """
select
    (select count(*) from marts.part3_reproduction) as counts,
    (select count(*) from marts.part3_reproduction where within_tolerance) as counts_within,
    (select count(*) from marts.part3_prose_reproduction) as prose,
    (select count(*) from marts.part3_prose_reproduction where within_tolerance) as prose_within,
    (select max(abs_difference / tolerance) from marts.part3_prose_reproduction where tolerance > 0) as worst_ratio,
    (select count(*) from marts.fct_register_exit) as exits,
    (select count(*) from marts.fct_register_exit where in_statistics_population_flag) as statistic_exits
"""


def part3_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    row = con.execute(PART3_QUERY).df().iloc[0]
    flow = dict(con.execute(
        "select box, coalesce(person_count, round(percent, 1)) from marts.followup_flow "
        "where survey_wave = (select max(survey_wave) from marts.followup_flow)").fetchall())
    lines = [
        f"Reproduction of AFI r2014:14 Part 3: {int(row['counts_within'])} of {int(row['counts'])} counts and shares "
        "(Figur 28, response rate, Tabell 37, Tabell 38, survey against register) within tolerance; "
        f"{int(row['prose_within'])} of {int(row['prose'])} weighted outcome figures within their sampling-error band"
        + (f" (largest: {row['worst_ratio']:.2f} of its band)." if row["prose"] else "."),
        f"  register exits: {int(row['exits'])} (aged 16+), {int(row['statistic_exits'])} in NAV's statistics population",
    ]
    if flow:
        lines.append(
            f"  follow-up survey: drawn {flow.get('drawn', 0):.0f}, invited {flow.get('invited', 0):.0f}, "
            f"answers {flow.get('answers', 0):.0f}, response rate {flow.get('response_rate', 0):.1f}% of invited")
    return lines


def print_summary(paths: Paths, say=print) -> None:
    target = paths.serving_db if paths.serving_db.exists() else paths.build_db
    con = duckdb.connect(str(target), read_only=True)
    try:
        say(f"Warehouse: {target}")
        tables = con.execute(
            "select schema_name, table_name, estimated_size from duckdb_tables() "
            "where schema_name in ('marts', 'analysis', 'meta') order by 1, 2"
        ).fetchall()
        for schema, table, _ in tables:
            rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            say(f"  {schema}.{table:40s} {rows:>8} rows")
        for line in reproduction_report(con) + part2_report(con) + part3_report(con):
            say(line)
    finally:
        con.close()
    say(f"Build file: {paths.build_db}")
    say(f"Serving copy (read-only for users): {paths.serving_db}")
    say("Review app: make app    SQL: duckdb -readonly " + str(paths.serving_db))
