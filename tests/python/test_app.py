"""The Streamlit pages, run headless with AppTest against the demo's serving copy."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from nav_placement.paths import PROJECT_ROOT, SEEDS_DIR

APP = PROJECT_ROOT / "streamlit_app"


def reference_figures() -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / "reference" / "part1_published_figures.csv", dtype=str)


@pytest.fixture()
def serving_env(demo_warehouse, monkeypatch):
    monkeypatch.setenv("NAV_DATA_DIR", str(demo_warehouse.data_dir))
    return demo_warehouse


def run_page(path) -> AppTest:
    app = AppTest.from_file(str(path), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_home_page_shows_build_deliveries_and_reproduction(serving_env):
    app = run_page(APP / "Home.py")
    assert app.title[0].value == "nav-placement"
    deliveries = app.dataframe[0].value
    assert {"office_register", "office_survey", "user_survey_sample", "user_survey_interviews", "register_persons",
            "register_arena", "register_aa", "register_benefits", "register_residence", "followup_frame",
            "followup_answers"} == set(deliveries["source"])
    assert (deliveries["status"] == "loaded").all()
    marts = app.dataframe[1].value
    assert "fct_office_answer" in set(marts["table"])
    text = " ".join(md.value for md in app.markdown)
    assert "published numbers" in text and "within their stated tolerance" in text
    assert "Part 3 (follow-up survey)" in text and "Follow-up survey 2014: response rate 27.1%" in text


def test_offices_page_shows_item_by_size_and_county_response(serving_env):
    app = run_page(APP / "pages" / "1_Offices.py")
    assert app.selectbox[0].value == 2014  # the wave, latest first
    app.selectbox[1].select(37).run()
    items = app.selectbox[2].options
    assert len(items) == 7  # Q37 a-g
    app.selectbox[2].select_index(6).run()  # Q37g labour-market information
    assert not app.exception
    by_size = app.dataframe[0].value
    assert list(by_size["office size"])[:3] == ["small (1-15)", "medium (16-39)", "large (40+)"]
    assert (by_size["n"].dropna() >= 5).all()
    # 95% intervals with the finite population correction (analysis.office_item_estimates) beside the means
    assert (by_size["mean 95% low"] < by_size["mean"]).all() and (by_size["mean"] < by_size["mean 95% high"]).all()
    assert list(by_size["offices in register"]) == [278, 90, 77]
    assert "95% interval" in app.markdown[0].value and "of the register's 445 offices answered" in app.markdown[0].value
    assert any("finite population correction" in caption.value for caption in app.caption)
    counties = app.dataframe[1].value
    published = reference_figures()
    assert len(counties) == len(published[published["statistic"] == "offices_total"]) + 1  # + unknown county
    assert counties["answered"].sum() == int(published.loc[published["statistic"] == "responses_total", "published_value"].iloc[0])


def test_offices_page_without_interval_table_keeps_the_rest(warehouse_copy, monkeypatch):
    """A serving copy published before the interval step: the page shows what it showed before."""
    import duckdb

    con = duckdb.connect(str(warehouse_copy.serving_db))
    con.execute("drop table if exists analysis.office_item_estimates")
    con.close()
    monkeypatch.setenv("NAV_DATA_DIR", str(warehouse_copy.data_dir))
    app = run_page(APP / "pages" / "1_Offices.py")
    by_size = app.dataframe[0].value
    assert "mean 95% low" not in by_size.columns and list(by_size.columns)[:3] == ["office size", "n", "don't know"]
    assert "95% interval" not in app.markdown[0].value
    assert any("No intervals in this serving copy" in caption.value for caption in app.caption)


def test_offices_page_without_serving_copy_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("NAV_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(str(APP / "pages" / "1_Offices.py"), default_timeout=30)
    app.run()
    assert "no serving copy" in app.error[0].value


def query_serving(warehouse, sql):
    import duckdb

    con = duckdb.connect(str(warehouse.serving_db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_transitions_page_shows_register_survey_and_comparison(serving_env):
    app = run_page(APP / "pages" / "3_Transitions.py")
    assert [tab.label for tab in app.tabs] == [
        "Register: status six months after exit", "Follow-up survey: outcomes", "Survey against register"]
    register_table, outcome_table, comparison = (frame.value for frame in app.dataframe)
    # register: each month's exits of job seekers by six-month status; withheld cells (under 5
    # persons) are blank, so a month's shown shares add up to 100 at most, and to 100 where none is
    assert app.selectbox[0].value == "job_seeker" and app.selectbox[1].value == "all"
    shares = register_table.drop(columns=["exit month", "exits"]).sum(axis=1, min_count=1).dropna()
    assert len(shares) >= 24 and (shares <= 100 + 1e-6).all() and ((shares - 100).abs() < 1e-6).any()
    published = pd.DataFrame(query_serving(
        serving_env, "select strftime(exit_month, '%Y-%m') as m, six_month_status, 100 * share as percent "
        "from marts.register_transition_rates where exit_status = 'job_seeker' and group_type = 'all' "
        "and not suppressed_flag"), columns=["m", "status", "percent"])
    shown = register_table.melt(id_vars=["exit month", "exits"], var_name="status", value_name="percent").dropna()
    merged = shown.merge(published, left_on=["exit month", "status"], right_on=["m", "status"])
    assert len(merged) == len(shown) == len(published)
    assert ((merged["percent_x"] - merged["percent_y"]).abs() < 1e-9).all()
    # survey: ordinary work by exit group, with intervals around the estimate
    assert app.selectbox[3].value == 2014  # survey wave, latest first
    assert app.selectbox[4].value.startswith("in_ordinary_work_flag")
    assert list(outcome_table["exit group"]) == ["former job seekers", "former reduced work capacity", "all (pooled)"]
    assert ((outcome_table["95% low"] < outcome_table["percent"]) & (outcome_table["percent"] < outcome_table["95% high"])).all()
    assert 50 < outcome_table["percent"].iloc[0] < 70
    # by office size class of the register tab and by age band of the survey tab render too
    app.selectbox[1].select("office_size_class").run()
    assert not app.exception
    app.selectbox[5].select("age_band").run()
    assert not app.exception and len(app.dataframe[1].value) > 3
    # a share resting on 1-4 persons with the outcome is withheld although its group is large
    app.selectbox[4].select("transition_status = disability_pension (share)").run()
    app.selectbox[5].select("education_group").run()
    by_education = app.dataframe[1].value
    expected = query_serving(
        serving_env, "select exit_group, breakdown_category, suppressed_flag or n_with_outcome between 1 and 4 "
        "or n_unweighted - n_with_outcome between 1 and 4 from analysis.followup_outcomes where survey_wave = 2014 "
        "and outcome = 'transition_status' and category = 'disability_pension' and breakdown = 'education_group'")
    labels = {"job_seeker": "former job seekers", "reduced_work_capacity": "former reduced work capacity",
              "all": "all (pooled)"}
    expected = {(labels[g], c): bool(w) for g, c, w in expected}
    assert {(r["exit group"], r["category"]): bool(r["withheld (< 5)"]) for _, r in by_education.iterrows()} == expected
    assert any(expected.values()) and by_education.loc[by_education["withheld (< 5)"], "percent"].isna().all()
    # survey against register: the report's 274 and 260; the 3 disagreeing persons are withheld, and
    # with them the other inner cells (260 - 257 would give them away)
    persons = dict(zip(comparison["measure"], comparison["persons"]))
    assert persons["Disability pension (survey, Q8)"] == 274
    assert persons["Disability pension (register, end of June 2014)"] == 260
    assert persons["In ordinary work (survey: Q2 yes, not trainee / NAV measure)"] == 1228
    for inner in ("in both", "survey yes, register no", "survey no, register yes"):
        assert pd.isna(next(v for k, v in persons.items() if k.endswith(inner)))
    assert comparison["withheld (< 5)"].sum() == 3
