"""The Models page (streamlit_app/pages/4_Models.py) headless with AppTest on the demo's serving copy."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from nav_placement.analysis import followup_models
from nav_placement.paths import PROJECT_ROOT

PAGE = PROJECT_ROOT / "streamlit_app" / "pages" / "4_Models.py"


@pytest.fixture()
def serving_env(demo_warehouse, monkeypatch):
    monkeypatch.setenv("NAV_DATA_DIR", str(demo_warehouse.data_dir))
    return demo_warehouse


def run_page() -> AppTest:
    app = AppTest.from_file(str(PAGE), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_models_page_shows_odds_ratios_fit_and_the_reports_effects(serving_env):
    app = run_page()
    assert app.selectbox[0].value == 2014
    assert app.selectbox[1].value == "M1"  # models in the report's order
    assert len(app.selectbox[1].options) == len(followup_models.MODELS)
    table = app.dataframe[0].value
    assert list(table.columns) == ["term", "reference", "odds ratio", "95% low", "95% high", "p", "n"]
    assert table["term"].iloc[0].startswith("intercept")
    outside = table[table["term"] == "born: outside the EEA"].iloc[0]
    assert outside["reference"] == "in Norway"
    assert outside["95% low"] < outside["odds ratio"] < outside["95% high"] < 1 and outside["p"] < 0.05
    assert (table["n"] >= 10).all()  # never a small cell
    metrics = {m.label: m.value for m in app.metric}
    assert set(metrics) == {"n (respondents)", "weighted n", "residual df", "deviance"}
    assert int(metrics["n (respondents)"].replace(" ", "")) > 1500
    assert "born outside the EEA vs Norway -" in app.info[0].value  # the report's words beside the estimates
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")  # the forest plot


def test_models_page_other_model_shows_merges_and_pooled_exit_group(serving_env):
    app = run_page()
    app.selectbox[1].select("M15_pooled").run()
    assert not app.exception
    table = app.dataframe[0].value
    group = table[table["term"] == "exit group: former reduced work capacity"].iloc[0]
    assert group["reference"] == "former job seeker" and group["p"] >= 0.05
    assert "ns (91% vs 90%)" in app.info[0].value
    app.selectbox[1].select("M6").run()  # the smallest in-work model: sparse categories merged
    assert not app.exception
    assert any("Merged categories" in md.value for md in app.markdown)


def test_models_page_without_model_tables_says_so(tmp_path, monkeypatch):
    serving = tmp_path / "warehouse" / "serving.duckdb"
    serving.parent.mkdir(parents=True)
    duckdb.connect(str(serving)).close()
    monkeypatch.setenv("NAV_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(str(PAGE), default_timeout=30)
    app.run()
    assert not app.exception
    assert "no model tables" in app.info[0].value
