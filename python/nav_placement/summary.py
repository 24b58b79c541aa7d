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

# AFI r2014:14 measured the 2014 wave (dbt var part1_reference_wave).
REPORT_WAVE = 2014

CORRELATION_QUERY = f"""
select f.table_id, f.item_code, cast(f.published_value as double) as published, a.pearson_r as computed,
       abs(a.pearson_r - cast(f.published_value as double)) as abs_difference,
       abs(a.pearson_r - cast(f.published_value as double)) <= cast(f.tolerance as double) + 1e-9 as within_tolerance
from reference.part1_published_figures f
left join analysis.office_size_correlations a on a.item_code = f.item_code and a.wave = {REPORT_WAVE}
where f.statistic = 'pearson_r'
order by f.item_code
"""


def reproduction_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Lines saying which published tables were checked and the largest differences."""
    tables = con.execute(REPRODUCTION_QUERY).df()
    correlations = con.execute(CORRELATION_QUERY).df()
    numbers = int(tables["numbers"].sum()) + len(correlations)
    within = int(tables["within"].sum()) + int(correlations["within_tolerance"].fillna(False).sum())
    worst_pp = tables.loc[tables["max_pp"].idxmax()]
    lines = [
        f"Reproduction of AFI r2014:14 Part 1: {len(tables)} tables and {len(correlations)} correlations, "
        f"{within} of {numbers} published numbers within their stated tolerance.",
        f"  largest difference: {worst_pp['max_pp']:.2f} percentage points ({worst_pp['table_id']}, see the note "
        f"in seeds/reference/), {tables['max_mean'].max():.4f} on a "
        f"1-6 mean, {tables['max_count'].max():.0f} in a count, {correlations['abs_difference'].max():.4f} in a correlation.",
    ]
    missed = tables[tables["within"] < tables["numbers"]]
    for row in missed.itertuples():
        lines.append(f"  OUT OF TOLERANCE: {row.table_id}: {row.numbers - row.within} of {row.numbers} numbers")
    for row in correlations[~correlations["within_tolerance"].fillna(False).astype(bool)].itertuples():
        lines.append(f"  OUT OF TOLERANCE: {row.table_id} r({row.item_code}) = {row.computed} vs {row.published}")
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
        for line in reproduction_report(con):
            say(line)
    finally:
        con.close()
    say(f"Build file: {paths.build_db}")
    say(f"Serving copy (read-only for users): {paths.serving_db}")
    say("Review app: make app    SQL: duckdb -readonly " + str(paths.serving_db))
