"""Make tests/r/office_fixture.csv, the clustered reference dataset of tests/r/survey_reference.R.

Run once (`.venv/bin/python tests/r/make_office_fixture.py`); the CSV is committed and the R golden
files are made from it, so this script only documents how it came about (numpy's PCG64 with a
fixed seed; rerunning it gives the same file).

An office survey: 445 offices in 5 regions (strata), 247 of them answered (PSUs); in every
answering office 1-4 of its staff filled in the questionnaire. Region E (34 offices) answered in
full, so its finite population correction removes its variance contribution. Columns:
region (stratum), office (PSU id, unique), N (offices in the region: R's fpc = ~N),
weight (N_h / n_h * staff / respondents of the office), in_group (0/1), placed (0/1, a few
missing), hours (numeric, a few missing), gender (K/M), size_band (small/medium/large, of the
office), age (years). `placed` depends on gender, size band and age and on an office effect, so
the clustering matters for the standard errors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

REGIONS = {"A": (120, 60), "B": (95, 52), "C": (80, 45), "D": (116, 56), "E": (34, 34)}  # offices N_h, answered n_h


def make(seed: int = 20240611) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    office = 100
    for region, (population, answered) in REGIONS.items():
        for _ in range(answered):
            office += 1
            staff = int(rng.integers(3, 16))
            respondents = int(min(staff, rng.integers(1, 5)))
            size_band = "small" if staff <= 6 else ("medium" if staff <= 11 else "large")
            office_effect = rng.normal(0.0, 0.6)
            region_shift = {"A": 0.0, "B": 0.2, "C": -0.3, "D": 0.1, "E": 0.4}[region]
            for _ in range(respondents):
                gender = "K" if rng.random() < 0.55 else "M"
                age = int(rng.integers(20, 66))
                in_group = int(rng.random() < 0.35)
                eta = (-0.2 + 0.45 * (gender == "K") - 0.5 * (size_band == "small") + 0.35 * (size_band == "large")
                       - 0.025 * (age - 42) + 0.3 * in_group + region_shift + office_effect)
                placed = float(rng.random() < 1 / (1 + np.exp(-eta)))
                hours = round(float(np.clip(rng.normal(31 + 3 * placed - 2 * (gender == "K") + office_effect * 2, 6), 4, 45)), 1)
                if rng.random() < 0.04:
                    placed = np.nan
                if rng.random() < 0.06:
                    hours = np.nan
                rows.append({"region": region, "office": office, "N": population,
                             "weight": round(population / answered * staff / respondents, 6),
                             "in_group": in_group, "placed": placed, "hours": hours, "gender": gender,
                             "size_band": size_band, "age": age})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    target = Path(__file__).with_name("office_fixture.csv")
    make().to_csv(target, index=False)
    print(f"wrote {target}")
