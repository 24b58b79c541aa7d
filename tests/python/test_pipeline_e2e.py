"""End to end: the demo deliveries through ingest, dbt, the analysis step and publish."""

from __future__ import annotations

import hashlib
import re

import duckdb

from conftest import run_cli



def read(database, sql):
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def table_counts(database, schemas=("raw", "marts", "analysis")):
    tables = read(database, "select schema_name, table_name from duckdb_tables() order by 1, 2")
    return {
        f"{schema}.{table}": read(database, f'select count(*) from "{schema}"."{table}"')[0][0]
        for schema, table in tables
        if schema in schemas and table != "load_log"
    }


def test_serving_copy_holds_documented_marts(demo_warehouse):
    tables = dict(read(demo_warehouse.serving_db,
                       "select schema_name || '.' || table_name, comment from duckdb_tables()"))
    for expected in ["marts.dim_office", "marts.fct_office_answer", "marts.office_item_by_size",
                     "marts.office_response_by_county", "marts.office_sample_vs_population",
                     "analysis.office_size_correlations", "reference.part1_published_figures",
                     "codes.counties_2014", "meta.build_info", "meta.deliveries"]:
        assert expected in tables, f"{expected} missing from the serving copy"
    for name, comment in tables.items():
        if name.startswith(("marts.", "analysis.")):
            assert comment, f"{name} has no description in the serving copy"
    undocumented = read(demo_warehouse.serving_db,
                        "select table_name, column_name from duckdb_columns() "
                        "where schema_name = 'marts' and comment is null")
    assert undocumented == [], f"undocumented mart columns: {undocumented[:10]}"


def test_serving_copy_holds_no_raw_tables(demo_warehouse):
    schemas = {row[0] for row in read(demo_warehouse.serving_db, "select distinct schema_name from duckdb_tables()")}
    assert "raw" not in schemas and "staging" not in schemas


def test_every_published_number_is_reproduced(demo_warehouse):
    out = read(demo_warehouse.serving_db,
               "select table_id, statistic, item_code, size_class, category, published_value, computed_value "
               "from marts.part1_reproduction where not within_tolerance")
    assert out == []
    tables = {row[0] for row in read(demo_warehouse.serving_db, "select distinct table_id from marts.part1_reproduction")}
    expected = {f"T{n}" for n in range(1, 34) if n != 29} | {"T29a", "T29b"}
    assert expected <= tables


def test_tabell_2_is_exact_with_six_answers_of_unknown_county(demo_warehouse):
    rows = read(demo_warehouse.serving_db,
                "select c.county_code, c.offices_answered, c.offices_total, cast(f.published_value as integer) "
                "from marts.office_response_by_county c left join reference.part1_published_figures f "
                "on f.table_id = 'T2' and f.statistic = 'offices_answered' and f.category = c.county_code")
    by_county = {code: (answered, total, published) for code, answered, total, published in rows}
    assert len([code for code in by_county if code != "unknown"]) == 19
    for code, (answered, _total, published) in by_county.items():
        if code != "unknown":
            assert answered == published, code
    published = dict(read(demo_warehouse.serving_db,
                          "select statistic, sum(cast(published_value as integer)) from reference.part1_published_figures "
                          "where statistic in ('responses_total', 'offices_answered', 'offices_total') group by 1"))
    # answers whose county matches no register office: the difference between the header's N and Tabell 2's rows
    assert by_county["unknown"][0] == published["responses_total"] - published["offices_answered"]
    assert sum(answered for answered, _, _ in by_county.values()) == published["responses_total"]
    assert sum(total or 0 for _, total, _ in by_county.values()) == published["offices_total"]


def test_correlations_reproduce_the_footnotes(demo_warehouse):
    rows = read(demo_warehouse.serving_db,
                "select item_code, statistic, within_tolerance, n from marts.part1_correlation_reproduction")
    published = read(demo_warehouse.serving_db,
                     "select count(*) from reference.part1_published_figures "
                     "where statistic in ('pearson_r', 'p_value_upper_bound')")[0][0]
    assert len(rows) == published
    assert {row[0] for row in rows} == {"q15", "q16", "q34", "q35"}
    assert all(within for _, _, within, _ in rows), rows
    assert all(n > 150 for *_, n in rows)


def test_summary_reports_reproduction(demo_warehouse, capsys):
    assert run_cli(demo_warehouse, "summary") == 0
    out = capsys.readouterr().out
    match = re.search(r"(\d+) of (\d+) published numbers within", out)
    assert match and match.group(1) == match.group(2), out
    assert "largest difference" in out


def test_second_run_changes_no_row_count_and_reingest_is_a_no_op(demo_warehouse):
    before = table_counts(demo_warehouse.build_db)
    log_before = read(demo_warehouse.build_db, "select count(*) from raw.load_log")[0][0]
    assert run_cli(demo_warehouse, "run") == 0
    assert table_counts(demo_warehouse.build_db) == before
    assert read(demo_warehouse.build_db, "select count(*) from raw.load_log")[0][0] == log_before


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failing_build_leaves_the_serving_copy_untouched(warehouse_copy, capsys):
    serving_before = fingerprint(warehouse_copy.serving_db)
    # A corrected re-delivery that drops a county's offices makes Tabell 2 fail its singular test.
    register_dir = warehouse_copy.landing / "office_register"
    original = sorted(register_dir.iterdir())[0]
    corrected = register_dir / (original.name + "-r2")
    corrected.mkdir()
    source_file = next(original.iterdir())
    lines = source_file.read_bytes().split(b"\n")
    kept = [line for line in lines if not line.startswith(b"03")]  # drop Oslo's offices
    assert len(kept) < len(lines)
    (corrected / source_file.name).write_bytes(b"\n".join(kept))
    assert run_cli(warehouse_copy, "run", "--no-demo") == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "dbt build failed" in out
    assert fingerprint(warehouse_copy.serving_db) == serving_before
    assert run_cli(warehouse_copy, "publish") == 1
    assert fingerprint(warehouse_copy.serving_db) == serving_before
