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
    assert {"office_register", "office_survey", "user_survey_sample", "user_survey_interviews"} == set(deliveries["source"])
    assert (deliveries["status"] == "loaded").all()
    marts = app.dataframe[1].value
    assert "fct_office_answer" in set(marts["table"])
    text = " ".join(md.value for md in app.markdown)
    assert "published numbers" in text and "within their stated tolerance" in text


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
    counties = app.dataframe[1].value
    published = reference_figures()
    assert len(counties) == len(published[published["statistic"] == "offices_total"]) + 1  # + unknown county
    assert counties["answered"].sum() == int(published.loc[published["statistic"] == "responses_total", "published_value"].iloc[0])


def test_offices_page_without_serving_copy_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("NAV_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(str(APP / "pages" / "1_Offices.py"), default_timeout=30)
    app.run()
    assert "no serving copy" in app.error[0].value
