"""Unit tests of the analysis step, small-cell suppression and the publish gate."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from nav_placement.analysis.office_correlations import office_size_correlations
from nav_placement.paths import Paths
from nav_placement.publish import BUILD_STAGES, PublishRefused, clear_build_stages, publish, record_stage_passed
from nav_placement.serving import suppress_small_cells


def test_correlation_matches_numpy_and_drops_unknown_size():
    rng = np.random.default_rng(7)
    size = rng.integers(2, 200, 120).astype(float)
    rating = np.clip(np.round(5 - size / 60 + rng.normal(0, 1, 120)), 1, 6)
    answers = pd.DataFrame({"item_code": "q15", "office_size": size, "answer_value": rating})
    answers.loc[0, "office_size"] = np.nan  # unknown size: left out
    result = office_size_correlations(answers, items=["q15"]).iloc[0]
    expected = np.corrcoef(size[1:], rating[1:])[0, 1]
    assert result["pearson_r"] == pytest.approx(expected, abs=1e-12)
    assert result["n"] == 119
    assert result["p_value"] < 0.01


def test_correlation_refuses_too_few_answers():
    answers = pd.DataFrame({"item_code": ["q16"] * 2, "office_size": [3.0, 4.0], "answer_value": [1, 2]})
    with pytest.raises(ValueError, match="q16"):
        office_size_correlations(answers, items=["q16"])


def test_small_cells_are_blanked():
    frame = pd.DataFrame({"n": [4, 5, 40], "mean": [3.0, 4.0, 5.0]})
    shown = suppress_small_cells(frame, "n", ["mean"])
    assert shown["mean"].isna().tolist() == [True, False, False]
    assert shown["n"].isna().tolist() == [True, False, False]


def make_build_file(paths: Paths, value: int) -> None:
    paths.warehouse.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(paths.build_db))
    con.execute("create schema if not exists marts; create schema if not exists raw")
    con.execute(f"create or replace table marts.answer as select {value} as value")
    con.execute("comment on table marts.answer is 'the answer'")
    con.execute("comment on column marts.answer.value is 'a value'")
    con.execute("create or replace table raw.secret as select 1 as national_id")
    con.close()


def test_publish_needs_a_passing_build_and_replaces_atomically(tmp_path):
    paths = Paths(tmp_path)
    make_build_file(paths, 1)
    with pytest.raises(PublishRefused):
        publish(paths, progress=lambda m: None)
    assert not paths.serving_db.exists()
    record_stage_passed(paths, "dbt_build")
    with pytest.raises(PublishRefused, match="analysis"):  # dbt passed, the analysis stage did not
        publish(paths, progress=lambda m: None)
    for stage in BUILD_STAGES:
        record_stage_passed(paths, stage)
    publish(paths, progress=lambda m: None)
    con = duckdb.connect(str(paths.serving_db), read_only=True)
    assert con.execute("select value from marts.answer").fetchone() == (1,)
    assert con.execute("select comment from duckdb_columns() where column_name = 'value'").fetchone() == ("a value",)
    assert con.execute("select count(*) from duckdb_tables() where schema_name = 'raw'").fetchone() == (0,)
    con.close()
    make_build_file(paths, 2)
    clear_build_stages(paths)
    with pytest.raises(PublishRefused):
        publish(paths, progress=lambda m: None)
    con = duckdb.connect(str(paths.serving_db), read_only=True)
    assert con.execute("select value from marts.answer").fetchone() == (1,)
    con.close()
    assert list(paths.warehouse.glob("*.tmp")) == []


def test_analyze_refuses_to_run_after_a_failed_dbt_build(tmp_path, capsys):
    """A failed `build` must not be published by running `analyze` and `publish` by hand."""
    from conftest import run_cli

    paths = Paths(tmp_path)
    make_build_file(paths, 1)
    for stage in BUILD_STAGES:
        record_stage_passed(paths, stage)
    clear_build_stages(paths)  # what a failing `nav-placement build` leaves behind
    assert run_cli(paths, "analyze") == 1
    assert "dbt build did not pass" in capsys.readouterr().out
    assert run_cli(paths, "publish") == 1
    assert not paths.serving_db.exists()
