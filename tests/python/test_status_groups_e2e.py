"""Part 2 end to end on the demo warehouse: Tabell 34/35, the response rate, the indicator table,
privacy, and the Status groups page."""

from __future__ import annotations

import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from conftest import run_cli
from nav_placement.paths import PROJECT_ROOT


def read(database, sql, params=None):
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_tabell_34_and_35_and_the_cross_tab_are_reproduced(demo_warehouse):
    rows = read(demo_warehouse.serving_db,
                "select table_id, count(*), count(*) filter (where within_tolerance) "
                "from marts.part2_reproduction group by 1 order by 1")
    by_table = {table: (total, within) for table, total, within in rows}
    for table in ("T34", "T35", "X23", "F6", "RR"):
        total, within = by_table[table]
        assert total > 0 and within == total, (table, total, within)


def test_tabell_34_counts_are_exact(demo_warehouse):
    """Every Tabell 34 n is the planted count, computed from raw codes by the warehouse."""
    rows = read(demo_warehouse.serving_db,
                "select figure_id, published_value, computed_value, tolerance, note from marts.part2_reproduction "
                "where table_id = 'T34' and statistic = 'n'")
    published = read(demo_warehouse.serving_db, "select count(*) from reference.part2_published_figures "
                                                "where table_id = 'T34' and statistic = 'n'")[0][0]
    assert len(rows) == published > 0
    for figure_id, published, computed, tolerance, note in rows:
        # where the report's rows and totals disagree the seed says which count is planted
        planted = int(re.search(r"planted (\d+)", note).group(1)) if note and "planted" in note else published
        assert computed == planted, figure_id


def test_response_rate_prints_as_22_1_percent(demo_warehouse, capsys):
    assert run_cli(demo_warehouse, "summary") == 0
    out = capsys.readouterr().out
    assert "response rate 2014" in out and ": 22.1%" in out
    assert re.search(r"Part 2: (\d+) of \1 counts", out), out
    assert re.search(r"(\d+) of \1 weighted prose figures", out), out


def test_youth_vs_rest_adviser_help_with_interval_in_one_query(demo_warehouse):
    """The README's query: share of youth vs the rest who got help from an adviser (Q2C)."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    query = re.search(r"```sql\n(-- youth vs the rest.*?)```", readme, re.S).group(1)
    rows = read(demo_warehouse.serving_db, query)
    assert [row[0] for row in rows] == ["complement", "vulnerable_group"]
    for _, _, share, low, high, n in rows:
        assert low < share < high and n >= 5
    youth, rest = rows[1], rows[0]
    assert youth[2] > rest[2]  # the report: youth used adviser help clearly more than their rest


def test_every_indicator_has_an_interval_or_is_withheld(demo_warehouse):
    bad = read(demo_warehouse.serving_db,
               "select variable, statistic, group_code from analysis.status_group_indicators "
               "where not suppressed_flag and statistic not in ('median') and (standard_error is null or ci_low is null)")
    assert bad == []
    withheld = read(demo_warehouse.serving_db,
                    "select count(*) from analysis.status_group_indicators where suppressed_flag and estimate is not null")
    assert withheld == [(0,)]


def test_no_table_in_either_warehouse_file_holds_an_eleven_digit_number(demo_warehouse):
    """No raw national id anywhere: scan every text and integer column of every table for a
    standalone 11-digit number (one not inside a longer token such as a UUID), and every
    fractional column for a whole number of 11 digits (a national id stored as a number; the
    11 decimals of an ordinary fraction are not one)."""
    for database in (demo_warehouse.build_db, demo_warehouse.serving_db):
        con = duckdb.connect(str(database), read_only=True)
        try:
            columns = con.execute(
                "select schema_name, table_name, column_name, data_type from duckdb_columns() "
                "where (data_type in ('VARCHAR', 'BIGINT', 'HUGEINT', 'INTEGER', 'DOUBLE', 'FLOAT') "
                "or data_type like 'DECIMAL%') and not internal"
            ).fetchall()
            assert columns
            for schema, table, column, data_type in columns:
                if data_type in ("DOUBLE", "FLOAT") or data_type.startswith("DECIMAL"):
                    condition = (f'"{column}" = floor("{column}") and abs("{column}") >= 1e10 '
                                 f'and abs("{column}") < 1e11')
                else:
                    condition = (f"regexp_matches(cast(\"{column}\" as varchar), "
                                 "'(^|[^0-9A-Za-z])[0-9]{11}([^0-9A-Za-z]|$)')")
                hits = con.execute(f'select count(*) from "{schema}"."{table}" where {condition}').fetchone()[0]
                assert hits == 0, f"{database.name}: {schema}.{table}.{column}"
        finally:
            con.close()


@pytest.fixture()
def serving_env(demo_warehouse, monkeypatch):
    monkeypatch.setenv("NAV_DATA_DIR", str(demo_warehouse.data_dir))
    return demo_warehouse


def test_status_groups_page_shows_group_beside_its_rest_and_status_groups(serving_env):
    app = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app" / "pages" / "2_Status_groups.py"), default_timeout=60)
    app.run()
    assert not app.exception
    indicator = next(i for i, option in enumerate(app.selectbox[1].options) if option.startswith("Q2C"))
    app.selectbox[1].select_index(indicator).run()
    app.selectbox[2].select("ungdom").run()
    assert not app.exception
    comparison = app.dataframe[0].value
    assert list(comparison["group"]) == ["Youth", "the rest (its own complement)"]
    assert (comparison["n"] >= 5).all()
    assert (comparison["95% low"] < comparison["percent"]).all()
    by_status = app.dataframe[1].value
    assert len(by_status) == 7  # all respondents and six status groups
    text = " ".join(md.value for md in app.markdown)
    assert "Difference, group minus the rest" in text


def test_status_groups_page_withholds_shares_resting_on_1_to_4_persons(serving_env):
    """A share resting on 1-4 persons with (or without) the answer counted is withheld on the page
    although its group is large, as on the Transitions page, and with it the group's difference to
    the rest. Q9 'vet ikke': few youths (and few in some status groups) answered it."""
    app = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app" / "pages" / "2_Status_groups.py"), default_timeout=60)
    app.run()
    indicator = next(i for i, option in enumerate(app.selectbox[1].options)
                     if option.startswith("Q9 ") and option.endswith("(share: dont know)"))
    app.selectbox[1].select_index(indicator).run()
    app.selectbox[2].select("ungdom").run()
    assert not app.exception
    rule = ("suppressed_flag or n_with_outcome between 1 and 4 or n_unweighted - n_with_outcome between 1 and 4")
    rows = read(serving_env.serving_db,
                f"select i.group_type, i.group_code, coalesce(s.label_en, v.label_en), {rule} "
                "from analysis.status_group_indicators i "
                "left join codes.user_survey_status_groups s on i.group_type = 'status_group' and s.status_group = i.group_code "
                "left join codes.vulnerable_groups v on i.group_type <> 'status_group' and v.vulnerable_group = i.group_code "
                "where i.wave = 2014 and i.variable = 'Q9' and i.statistic = 'share' and i.category = 'dont_know'")
    expected_status = {("all respondents" if t == "all" else label): bool(w)
                       for t, code, label, w in rows if t in ("all", "status_group")}
    sides = {(t, code): bool(w) for t, code, _, w in rows if t in ("vulnerable_group", "complement")}
    expected_comparison = {"Youth": sides[("vulnerable_group", "ungdom")],
                           "the rest (its own complement)": sides[("complement", "ungdom")]}
    comparison, by_status = app.dataframe[0].value, app.dataframe[1].value
    shown_comparison = {r["group"]: bool(r["withheld (< 5)"]) for _, r in comparison.iterrows()}
    shown_status = {r["group"]: bool(r["withheld (< 5)"]) for _, r in by_status.iterrows()}
    assert shown_comparison == expected_comparison and shown_status == expected_status
    assert expected_comparison["Youth"] and any(expected_status.values()) and not all(expected_status.values())
    for table in (comparison, by_status):
        withheld = table["withheld (< 5)"].astype(bool)
        assert table.loc[withheld, ["percent", "95% low", "95% high"]].isna().all().all()
        assert table.loc[~withheld, ["percent", "95% low", "95% high"]].notna().all().all()
    text = " ".join(md.value for md in app.markdown)
    assert "Difference, group minus the rest" not in text  # youth's share is withheld, so is the difference
    # a vulnerable group where neither side is withheld still shows its difference
    shown_group = next(code for (t, code), w in sides.items()
                       if t == "vulnerable_group" and not w and not sides.get(("complement", code), True))
    app.selectbox[2].select(shown_group).run()
    assert not app.exception and not app.dataframe[0].value["withheld (< 5)"].any()
    assert "Difference, group minus the rest" in " ".join(md.value for md in app.markdown)
    # the table itself keeps the estimates for analysts reproducing the report
    kept = read(serving_env.serving_db,
                "select estimate from analysis.status_group_indicators where wave = 2014 and variable = 'Q9' "
                "and statistic = 'share' and category = 'dont_know' and group_type = 'vulnerable_group' "
                "and group_code = 'ungdom'")
    assert kept[0][0] is not None


def test_routing_violation_in_a_corrected_delivery_fails_the_build(warehouse_copy, capsys):
    """Someone outside analysis sample 3 (used no service, not seeking work) who has a Q4 answer
    is flagged by the routing test: the build fails and the serving copy stays as it was."""
    import hashlib

    import pyreadstat

    serving_before = hashlib.sha256(warehouse_copy.serving_db.read_bytes()).hexdigest()
    delivered = next((warehouse_copy.landing / "user_survey_interviews").glob("*/*.sav"))
    frame, meta = pyreadstat.read_sav(str(delivered), user_missing=True)
    outside = frame.index[(frame[["Q2A", "Q2B", "Q2C", "Q2D"]].fillna(0).sum(axis=1) == 0)
                          & (frame["Q5"] == 2) & (frame["FULLFORT"] == 1)]
    assert len(outside) > 0
    frame.loc[outside[0], "Q4"] = 5
    corrected = warehouse_copy.landing / "user_survey_interviews" / (delivered.parent.name + "-r2")
    corrected.mkdir()
    pyreadstat.write_sav(frame, str(corrected / delivered.name), column_labels=meta.column_names_to_labels,
                         variable_value_labels=meta.variable_value_labels, missing_ranges=meta.missing_ranges)
    assert run_cli(warehouse_copy, "run", "--no-demo") == 1
    out = capsys.readouterr().out
    assert "dbt build failed" in out and "routing" in out
    assert hashlib.sha256(warehouse_copy.serving_db.read_bytes()).hexdigest() == serving_before
