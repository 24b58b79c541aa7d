"""R for real: run tests/r/survey_reference.R (R's survey package) into a temporary folder and
check that what it computes now equals the committed golden files that the Python tests compare
with (point estimates 1e-8, standard errors and what depends on them 1e-6 relative).

So the golden files cannot drift from R: a change of the fixtures, of the R script or of R's
survey package that changes a reference value fails here. Needs Rscript with the survey package
(Debian: apt-get install r-base-core r-cran-survey); without it the test fails (CI installs them).
About 3 s."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from nav_placement.paths import PROJECT_ROOT

R_DIR = PROJECT_ROOT / "tests" / "r"
SCRIPT = R_DIR / "survey_reference.R"
OFFICE_SCRIPT = R_DIR / "office_fpc_reference.R"  # writes office_fpc.csv (Part 1 intervals)
# every file survey_reference.R and office_fpc_reference.R write
OUTPUTS = ["estimates.csv", "weights.csv", "weighted_estimates.csv", "followup_weights.csv", "followup_estimates.csv",
           "office_estimates.csv", "logit_coefficients.csv", "logit_models.csv", "office_fpc.csv"]
# columns holding standard errors or values computed from them (intervals, t, p): 1e-6 relative
SE_LIKE = ("standard_error", "se_calibrated", "se_fixed_weights", "ci_low", "ci_high", "t_statistic", "t_value",
           "p_value")
INSTALL_HINT = ("R's survey package is needed to check the golden files: install Debian's r-base-core and "
                "r-cran-survey (apt-get install -y r-base-core r-cran-survey)")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.fail(f"Rscript not found. {INSTALL_HINT}")
    out = tmp_path_factory.mktemp("r_golden")
    for script in (SCRIPT, OFFICE_SCRIPT):
        try:
            run = subprocess.run([rscript, str(script), str(out)], capture_output=True, text=True, timeout=180)
        except subprocess.TimeoutExpired:
            pytest.fail(f"tests/r/{script.name} took more than 180 s")
        if run.returncode != 0:
            hint = INSTALL_HINT if "there is no package called" in run.stderr else ""
            pytest.fail(f"Rscript {script.name} failed ({run.returncode}). {hint}\n{run.stderr[-3000:]}")
    return out


def compare(committed: pd.DataFrame, new: pd.DataFrame, name: str) -> None:
    assert list(new.columns) == list(committed.columns), f"{name}: columns differ"
    assert len(new) == len(committed), f"{name}: {len(new)} rows now, {len(committed)} committed"
    for column in committed.columns:
        old, now = committed[column], new[column]
        if pd.api.types.is_numeric_dtype(old) and pd.api.types.is_numeric_dtype(now):
            tolerance = dict(rtol=1e-6, atol=0.0) if column in SE_LIKE else dict(rtol=1e-8, atol=1e-8)
            np.testing.assert_allclose(now.to_numpy(float), old.to_numpy(float), equal_nan=True, **tolerance,
                                       err_msg=f"{name}: column {column}")
        else:
            assert now.fillna("").astype(str).tolist() == old.fillna("").astype(str).tolist(), f"{name}: column {column}"


@pytest.mark.parametrize("name", OUTPUTS)
def test_r_output_equals_committed_golden_file(fresh, name):
    new_path = fresh / name
    assert new_path.exists(), f"survey_reference.R did not write {name}"
    compare(pd.read_csv(R_DIR / "golden" / name), pd.read_csv(new_path), name)


def test_the_list_covers_everything_the_script_writes(fresh):
    assert sorted(p.name for p in fresh.iterdir()) == sorted(OUTPUTS)
