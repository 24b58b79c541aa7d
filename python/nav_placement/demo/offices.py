"""Demo deliveries of the 2014 office wave: the AVD office list and the Questback export.

The data are synthetic but reproduce every published Part 1 figure of AFI r2014:14 from raw
answers (targets read from `seeds/reference/part1_published_figures.csv`). Files are
byte-identical for a given seed, so re-ingesting a fresh demo is a no-op (ingest keys on sha256).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from nav_placement.demo import register, seeds, survey

REGISTER_FILE = Path("office_register/2014-08/avd_kontorliste_2014-08.csv")
SURVEY_FILE = Path("office_survey/2014-09/questback_export_2014-09.xlsx")
EXPORT_HOUR = time(8, 0)  # the export is taken the morning after the field period closed (M06)
SHEET_TITLE = "Svar"


def generate(seed: int = 2014) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The office list (one row per office, with FTEs in tenths) and the survey export."""
    rng = np.random.default_rng(seed)
    offices = register.plan_offices(rng)
    people = survey.build_people(offices, rng)
    offices = register.with_fte(offices, survey.reported_staff(people), rng)
    responses = survey.build_responses(people, set(offices["office_number"]), rng)
    return offices, responses


def write_office_deliveries(landing_dir: Path, seed: int = 2014) -> list[Path]:
    """Write the register (2014-08) and survey (2014-09) deliveries into landing; return the files."""
    offices, responses = generate(seed)
    register_path, survey_path = landing_dir / REGISTER_FILE, landing_dir / SURVEY_FILE
    for path in (register_path, survey_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    register.write_register_csv(offices, register_path)
    write_questback_xlsx(responses, survey_path)
    return [register_path, survey_path]


def exported_at() -> datetime:
    """When the export was taken: the morning after the last field day (M06)."""
    return datetime.combine(seeds.date_value("field_period_end") + timedelta(days=1), EXPORT_HOUR)


def write_questback_xlsx(responses: pd.DataFrame, path: Path) -> None:
    """Sheet 1 of a Questback export. Workbook dates and zip entry times are fixed, so the
    same answers always give the same bytes."""
    exported = exported_at()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(responses.columns))
    for row in responses.itertuples(index=False):
        sheet.append([_cell(value) for value in row])
    workbook.properties.creator = "Questback"
    workbook.properties.created = exported
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = exported.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(zipfile.ZipInfo(info.filename, exported.timetuple()[:6]), data,
                            compress_type=zipfile.ZIP_DEFLATED)


def _cell(value):
    """numpy scalars as plain Python values, missing as an empty cell."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _text(value) -> str:
    """A cell as the user sees it: 5 not 5.0, empty as ''."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def write_questback_csv(responses: pd.DataFrame | Path, path: Path) -> None:
    """The same export as Questback's CSV variant (UTF-8 with BOM, ';'), from the answers
    or from an exported workbook."""
    if isinstance(responses, pd.DataFrame):
        rows = [list(responses.columns)] + [[_cell(v) for v in row] for row in responses.itertuples(index=False)]
    else:
        sheet = openpyxl.load_workbook(responses, read_only=True).worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";", lineterminator="\r\n").writerows([[_text(v) for v in row] for row in rows])
