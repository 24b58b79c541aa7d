"""Small valid deliveries for the ingest tests, written by hand (not by the demo generator).

Each helper writes one delivery folder under a test's own landing directory and returns it.
"""

from __future__ import annotations

import csv
import functools
import io
from datetime import datetime
from pathlib import Path

import duckdb
import openpyxl

from nav_placement.ingest.contracts import office_survey
from nav_placement.paths import Paths

REGISTER_HEADER = ["Enhetsnr", "Enhetsnavn", "Kommunenr", "Fylkesnr", "Fylkesnavn",
                   "Statlige årsverk", "Kommunale årsverk"]
REGISTER_ROWS = [
    ["0301", "NAV Gamle Oslo", "0301", "03", "Oslo", "45,5", "30"],
    ["1804", "NAV Bodø", "1804", "18", "Nordland", "20", ""],
    ["0105", "NAV Sarpsborg", "0105", "01", "Østfold", "18,25", "12,0"],
]
RAW_TABLES = ("raw.office_register__offices", "raw.office_survey__responses")


def delivery_dir(paths: Paths, source: str, delivery_id: str) -> Path:
    folder = paths.landing / source / delivery_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def register_csv(rows=None, header=None, encoding="cp1252") -> bytes:
    """An AVD list as the directorate's Excel saves it: `;`, decimal comma, CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_HEADER if header is None else header)
    writer.writerows(REGISTER_ROWS if rows is None else rows)
    return out.getvalue().encode(encoding)


def write_register(paths: Paths, delivery_id: str = "2014-08", data: bytes | None = None,
                   file_name: str = "avd_kontorliste_2014-08.csv") -> Path:
    folder = delivery_dir(paths, "office_register", delivery_id)
    (folder / file_name).write_bytes(register_csv() if data is None else data)
    return folder


def survey_headers() -> list[str]:
    return [c.header for c in office_survey().columns]


def survey_answers() -> list[dict[str, object]]:
    """Three questionnaires, typed as Questback's xlsx holds them (numbers as numbers)."""
    base = {header: None for header in survey_headers()}
    answers = []
    for i, (county, office, q15, q07) in enumerate(
            [("Oslo", "0301", 5, 12.5), ("Nordland", "1804", "3-4", 7),
             ("Østfold", "0105", 7, None)]):
        row = dict(base)
        row.update({
            "Respondent ID": 1001 + i,
            "Fullført": datetime(2014, 9, 3 + i, 10, 15, 0),
            "Q1": datetime(2014, 9, 3 + i),
            "Q2": ["NAV Gamle Oslo", "NAV Bodø", "NAV Sarpsborg"][i],
            "Q3": office,
            "Q5": county,
            "Q7": q07,
            "Q8": ["Avdelinger", "Team", "Annet"][i],
            "Q9": "Både og" if i == 2 else None,
            "Q10": [45, 20, 30][i],
            "Q15": q15,
            "Q16": "5 og 6" if i == 1 else 6,
        })
        for j, header in enumerate(h for h in survey_headers() if h.startswith("Q18")):
            row[header] = None if header.endswith("_tekst") else (i + j) % 6 + 1
        answers.append(row)
    return answers


def survey_xlsx(answers=None) -> bytes:
    """Sheet 1 of a Questback export: header row, then one row per questionnaire.

    The default export is made once: openpyxl stamps the save time into the bytes, and
    re-ingest tests need the very same file.
    """
    return _default_xlsx() if answers is None else _xlsx(answers)


@functools.cache
def _default_xlsx() -> bytes:
    return _xlsx(survey_answers())


def _xlsx(answers) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(answers[0]))
    for answer in answers:
        sheet.append(list(answer.values()))
    for row in sheet.iter_rows(min_row=2):
        row[1].number_format = "yyyy-mm-dd hh:mm:ss"
        row[2].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def survey_csv(answers=None, encoding="utf-8-sig") -> bytes:
    """The same export as Questback's CSV: `;`, UTF-8 with BOM, dates as text."""
    answers = survey_answers() if answers is None else answers
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(answers[0]))
    for answer in answers:
        writer.writerow(["" if v is None else _csv_text(v) for v in answer.values()])
    return out.getvalue().encode(encoding)


def _csv_text(value: object) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}" if value.hour else f"{value:%Y-%m-%d}"
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def write_survey(paths: Paths, delivery_id: str = "2014-09", xlsx: bytes | None = None,
                 csv_data: bytes | None = None) -> Path:
    """A survey delivery; by default the xlsx only."""
    folder = delivery_dir(paths, "office_survey", delivery_id)
    name = f"questback_export_{delivery_id[:7]}"
    if csv_data is None or xlsx is not None:
        (folder / f"{name}.xlsx").write_bytes(survey_xlsx() if xlsx is None else xlsx)
    if csv_data is not None:
        (folder / f"{name}.csv").write_bytes(csv_data)
    return folder


def query(paths: Paths, sql: str) -> list[tuple]:
    with duckdb.connect(str(paths.build_db), read_only=True) as con:
        return con.execute(sql).fetchall()


def raw_snapshot(paths: Paths) -> dict[str, list[tuple]]:
    """Every row of every raw data table, in a fixed order, to compare before and after."""
    return {t: query(paths, f"select * from {t} order by all") for t in RAW_TABLES}
