"""Small valid deliveries for the ingest tests, written by hand (not by the demo generator).

Each helper writes one delivery folder under a test's own landing directory and returns it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyreadstat

from nav_placement.ingest import IngestOutcome, ingest_landing
from nav_placement.ingest.contracts import contracts, office_survey
from nav_placement.paths import SEEDS_DIR, Paths
from nav_placement.pseudonymise import WEIGHTS_1, WEIGHTS_2, make_fnr

REGISTER_HEADER = ["Enhetsnr", "Enhetsnavn", "Kommunenr", "Fylkesnr", "Fylkesnavn",
                   "Statlige årsverk", "Kommunale årsverk"]
REGISTER_ROWS = [
    ["0301", "NAV Gamle Oslo", "0301", "03", "Oslo", "45,5", "30"],
    ["1804", "NAV Bodø", "1804", "18", "Nordland", "20", ""],
    ["0105", "NAV Sarpsborg", "0105", "01", "Østfold", "18,25", "12,0"],
]


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


# --- Part 2: the current-user survey --------------------------------------------------------

GROSS_HEADER = ["Løpenr", "Utfall", "Kjønn", "Fødselsdato", "Ytelse", "Fylkesnr",
                "Arbeidsmarkedsstatus", "Statusgruppe", "Arbeidssøkervarighet uker", "Fødeland",
                "Vekt"]
GROSS_ROWS = [
    ["512345", "60", "K", "1990-04-12", "DAGP", "03", "HL", "1", "30", "NOR", "1,2345"],
    ["512346", "50", "M", "1975-11-02", "AAP", "18", "NT", "4", "", "POL", "0,8765"],
    ["512347", "31", "K", "1988-01-30", "INGEN", "", "", "2", "12", "", ""],
    ["512348", "60", "M", "1995-07-15", "SYKP", "01", "IR", "5", "", "", "1,05"],
    ["512349", "20", "K", "1960-02-29", "OVST", "12", "AA", "6", "", "SOM", ""],
]
GROSS_FILE = "bruttoutvalg_oppfolging_2014.csv"
INTERVIEW_FILE = "personbruker_oppfolging_2014.sav"


def gross_csv(rows=None, header=None) -> bytes:
    """A gross sample as the directorate delivers it: `;`, decimal comma, UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(GROSS_HEADER if header is None else header)
    writer.writerows(GROSS_ROWS if rows is None else rows)
    return out.getvalue().encode("utf-8")


def with_cell(rows, row: int, column: str, value: str, header=GROSS_HEADER) -> list[list[str]]:
    rows = [list(r) for r in rows]
    rows[row][header.index(column)] = value
    return rows


def write_gross_sample(paths: Paths, delivery_id: str = "2014-03", data: bytes | None = None,
                       file_name: str = GROSS_FILE) -> Path:
    folder = delivery_dir(paths, "user_survey_sample", delivery_id)
    (folder / file_name).write_bytes(gross_csv() if data is None else data)
    return folder


def _seed(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / "codes" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def survey_items() -> list[dict[str, str]]:
    return _seed("user_survey_items.csv")


def answer_codes() -> dict[str, list[dict[str, str]]]:
    scales: dict[str, list[dict[str, str]]] = {}
    for row in _seed("user_survey_answer_codes.csv"):
        scales.setdefault(row["answer_scale"], []).append(row)
    return scales


def interview_cases() -> list[dict[str, object]]:
    """Three interviews (serials 512345, 512346 broken off, 512348), numbers as SPSS holds them.

    Case 1 answers 8 (vet ikke) and 9 (ikke aktuelt) on scale items; case 2 broke off, so most
    items are system-missing (None).
    """
    cases = []
    for i, (serial, complete) in enumerate([(512345, 1), (512346, 0), (512348, 1)]):
        case: dict[str, object] = {"LOPENR": float(serial), "INTDATO": date(2014, 5, 5 + i),
                                   "FULLFORT": float(complete)}
        for j, item in enumerate(survey_items()):
            scale = item["answer_scale"]
            if complete == 0 and j > 6:
                value = None
            elif scale in ("scale_extent", "scale_satisfaction"):
                value = [8.0, 9.0, float((i + j) % 6 + 1)][j % 3] if i == 0 else \
                    float((i + j) % 6 + 1)
            elif scale == "flag":
                value = float((i + j) % 2)
            elif scale == "count":
                value = [3.0, None, 12.0][i]
            elif scale == "education":
                value = [2.0, 8.0, 1.0][i]
            else:
                value = float(answer_codes()[scale][0]["code"])
            case[item["variable"]] = value
        cases.append(case)
    return cases


def interview_sav(cases=None, without_labels=(), labels=None) -> bytes:
    """The agency's SPSS file: variable labels, value labels, 8 and 9 declared user-missing.

    The default file is made once: the .sav header holds the time it was written, and re-ingest
    tests need the very same bytes.
    """
    if cases is None and not without_labels and labels is None:
        return _default_sav()
    return _sav(interview_cases() if cases is None else cases, tuple(without_labels), labels)


@functools.cache
def _default_sav() -> bytes:
    return _sav(interview_cases(), (), None)


def _sav(cases, without_labels, labels) -> bytes:
    frame = pd.DataFrame(cases)
    scales = answer_codes()
    items = {i["variable"]: i for i in survey_items()}
    value_labels = {"FULLFORT": {0.0: "Avbrutt", 1.0: "Fullført"}}
    missing_ranges = {}
    for variable, item in items.items():
        codes = scales.get(item["answer_scale"], [])
        if codes:
            value_labels[variable] = {float(c["code"]): c["label_nb"] for c in codes}
        user_missing = [float(c["code"]) for c in codes if c["valid_flag"] == "false"]
        if user_missing:
            missing_ranges[variable] = user_missing
    value_labels.update(labels or {})
    for variable in without_labels:
        value_labels.pop(variable, None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / INTERVIEW_FILE
        pyreadstat.write_sav(
            frame, str(path),
            column_labels={"LOPENR": "Løpenummer", "INTDATO": "Intervjudato",
                           "FULLFORT": "Fullført intervju",
                           **{v: i["label_nb"] for v, i in items.items()}},
            variable_value_labels=value_labels, missing_ranges=missing_ranges,
            variable_format={"LOPENR": "N6", "FULLFORT": "F1.0"})
        return path.read_bytes()


def write_interviews(paths: Paths, delivery_id: str = "2014-06", data: bytes | None = None,
                     file_name: str = INTERVIEW_FILE) -> Path:
    folder = delivery_dir(paths, "user_survey_interviews", delivery_id)
    (folder / file_name).write_bytes(interview_sav() if data is None else data)
    return folder


def query(paths: Paths, sql: str) -> list[tuple]:
    with duckdb.connect(str(paths.build_db), read_only=True) as con:
        return con.execute(sql).fetchall()


def raw_tables(paths: Paths) -> list[str]:
    """Every raw data table (not the load log), data and label tables alike."""
    return [f"raw.{t}" for (t,) in query(
        paths, "select table_name from information_schema.tables where table_schema = 'raw' "
               "and table_name <> 'load_log' order by 1")]


def raw_snapshot(paths: Paths) -> dict[str, list[tuple]]:
    """Every row of every raw data table, in a fixed order, to compare before and after."""
    tables = raw_tables(paths)
    with duckdb.connect(str(paths.build_db), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}



def quiet(_line: str) -> None:
    """Progress callback for tests."""


def load_log(paths: Paths) -> list[tuple]:
    return query(paths, "select delivery_id, source, entity, file_name, file_sha256, status, "
                        "row_count, message, validation_result, loaded_at "
                        "from raw.load_log order by loaded_at, delivery_id")


def ingest_rejected(paths: Paths, landed: Path, expected: str) -> IngestOutcome:
    """Ingest the one delivery in landing and check it was refused whole.

    Its message starts with `expected`; raw.load_log gains one `rejected` row with that message;
    the folder moved to quarantine with its files, REASON.txt and validation.json; every raw
    data table is as it was.
    """
    source = landed.parent.name
    files = {p.name: p.read_bytes() for p in landed.iterdir()}
    before, log_before = raw_snapshot(paths), load_log(paths)

    [outcome] = ingest_landing(paths, progress=quiet)

    assert outcome.status == "rejected", outcome
    assert outcome.message.startswith(expected), f"{outcome.message!r} !~ {expected!r}"
    assert raw_snapshot(paths) == before, "raw tables changed"
    log = load_log(paths)
    assert log[: len(log_before)] == log_before
    [rejection] = log[len(log_before):]
    assert rejection[:3] == (landed.name, source, contracts()[source].entity)
    assert (rejection[5], rejection[7]) == ("rejected", outcome.message)
    assert json.loads(rejection[8])["success"] is False

    quarantined = paths.quarantine / source / landed.name
    assert outcome.quarantine_dir == quarantined
    assert not landed.exists()
    assert {p.name: p.read_bytes() for p in quarantined.iterdir() if p.name in files} == files
    reason = (quarantined / "REASON.txt").read_text("utf-8")
    assert outcome.message in reason
    if outcome.file_name:
        assert hashlib.sha256(files[outcome.file_name]).hexdigest() in reason
    assert json.loads((quarantined / "validation.json").read_text("utf-8")) == \
        json.loads(rejection[8])
    return outcome


# --- Part 3: NAV's register extracts ----------------------------------------------------------

def fnr(day: int, month: int, year: int, individual: int = 100, d_number: bool = False) -> str:
    """A valid fødselsnummer born on that day: the first individual number from `individual` on
    whose check digits exist."""
    for candidate in range(individual, 1000):
        number = make_fnr(day, month, year, candidate, d_number)
        if number is not None:
            return number
    raise ValueError("no valid individual number")


P1 = fnr(12, 4, 1990)  # job seeker, employed later
P2 = fnr(2, 11, 1975, 300)  # reduced work capacity, open spell
P3 = fnr(30, 1, 1988, 200, d_number=True)  # D-number, emigrates
P4 = fnr(29, 2, 2000, 500)  # born on a leap day (individual number 500-999: 2000)
P5 = fnr(15, 7, 1960, 400)  # disability pension, dies
PERSON_FNRS = (P1, P2, P3, P4, P5)

REGISTER_EXTRACTS: dict[str, tuple[str, list[str], list[list[str]]]] = {
    "register_persons": ("personer", ["fnr", "fodselsdato", "kjonn", "fodeland"], [
        [P1, "1990-04-12", "K", "NOR"],
        [P2, "1975-11-02", "M", "POL"],
        [P3, "1988-01-30", "M", ""],
        [P4, "2000-02-29", "K", "SOM"],
        [P5, "1960-07-15", "M", "NOR"],
    ]),
    "register_arena": ("arena_statusforlop",
                       ["fnr", "status", "fra_dato", "til_dato", "tiltakskode", "nav_kontor"], [
        [P1, "HL", "2013-01-01", "2013-03-31", "", "0301"],
        [P1, "AT", "2013-04-01", "2013-06-30", "AMO", "0301"],
        [P2, "NT", "2012-05-01", "", "ARBTREN", "1804"],
        [P3, "DL", "2013-02-01", "2013-02-28", "", ""],
        [P4, "RA", "2014-01-01", "", "", "0105"],
        [P5, "NV", "2013-06-01", "2013-12-31", "", "0105"],
    ]),
    "register_aa": ("aa_arbeidsforhold", ["fnr", "orgnr", "fra_dato", "til_dato", "avtalt_timer"], [
        [P1, "987654321", "2013-07-01", "", "37,5"],
        [P3, "912345678", "2012-01-01", "2013-01-31", "20"],
        [P5, "976543210", "2001-03-01", "2013-05-31", ""],
    ]),
    "register_benefits": ("ytelser", ["fnr", "ytelse", "fra_dato", "til_dato"], [
        [P1, "DAGP", "2013-01-01", "2013-03-31"],
        [P2, "AAP", "2012-05-01", ""],
        [P5, "UFOR", "2014-01-01", ""],
    ]),
    "register_residence": ("bosted_hendelser", ["fnr", "hendelse", "dato"], [
        [P3, "UTVANDRET", "2014-03-01"],
        [P5, "DOD", "2014-05-02"],
    ]),
}


def extract_rows(source: str) -> list[list[str]]:
    return [list(r) for r in REGISTER_EXTRACTS[source][2]]


def extract_csv(source: str, rows=None, header=None) -> bytes:
    """A register extract as NAV delivers it: `;`, UTF-8, ISO dates, LF."""
    _, default_header, default_rows = REGISTER_EXTRACTS[source]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(default_header if header is None else header)
    writer.writerows(default_rows if rows is None else rows)
    return out.getvalue().encode("utf-8")


def extract_file(source: str, delivery_id: str = "2014-06") -> str:
    return f"{REGISTER_EXTRACTS[source][0]}_{delivery_id[:7]}.csv"


def write_extract(paths: Paths, source: str, delivery_id: str = "2014-06",
                  data: bytes | None = None, file_name: str | None = None) -> Path:
    folder = delivery_dir(paths, source, delivery_id)
    (folder / (file_name or extract_file(source, delivery_id))).write_bytes(
        extract_csv(source) if data is None else data)
    return folder


def write_all_extracts(paths: Paths, delivery_id: str = "2014-06") -> list[Path]:
    return [write_extract(paths, source, delivery_id) for source in REGISTER_EXTRACTS]


# --- Part 3: the follow-up survey -----------------------------------------------------------

FRAME_FILE = "oppfolging_utvalg_2014-05.csv"
ANSWERS_FILE = "oppfolging_svar_2014-09.csv"
FRAME_HEADER = ["lopenr", "fnr", "avgangsmaned", "stratum", "invitert"]
FRAME_ROWS = [
    ["700001", P1, "2013-03", "ARBS", "1"],
    ["700002", P2, "2013-06", "NEDS", "1"],
    ["700003", P3, "2013-02", "ARBS", "0"],  # not invited, answers anyway
    ["700004", P5, "2013-12", "NEDS", "1"],  # invited, no answer
]


def followup_items() -> list[dict[str, str]]:
    return _seed("followup_items.csv")


def answers_header() -> list[str]:
    return ["lopenr", "svarmodus", "mottatt", *(i["item_code"] for i in followup_items())]


def answer_rows() -> list[dict[str, str]]:
    """Three returned questionnaires: in work (paper), not in work but Q3 answered anyway (a
    routing violation, web), and a nearly empty one from a person not invited."""
    empty = dict.fromkeys(answers_header(), "")
    in_work = {**empty, "lopenr": "700001", "svarmodus": "papir", "mottatt": "2014-07-01",
               "q01": "3", "q02": "1", "q03": "1", "q04": "37", "q05": "1", "q06a": "4",
               "q06b": "5", "q06c": "7", "q07_07": "1", "q08_05": "1", "q09_10": "1",
               "q10": "7", "q11": "8", "q12a_01": "1", "q12a_08": "1", "q12b_01": "6",
               "q12b_08": "3", "q13a": "6", "q13b": "13", "q14_1": "1", "q15_dag": "15",
               "q15_mnd": "3", "q15_ar": "14"}
    not_in_work = {**empty, "lopenr": "700002", "svarmodus": "web", "mottatt": "2014-08-15",
                   "q01": "1", "q02": "2", "q03": "1", "q07_11": "1", "q08_01": "1",
                   "q09_11": "1", "q10": "2", "q11": "6", "q12a_16": "1", "q13a": "1",
                   "q13b": "1", "q14_4": "1"}
    not_invited = {**empty, "lopenr": "700003", "svarmodus": "papir", "mottatt": "2014-06-30",
                   "q01": "6"}
    return [in_work, not_in_work, not_invited]


def followup_csv(header: list[str], rows: list) -> bytes:
    """A follow-up delivery as NAV sends it: `;`, UTF-8, LF; rows as lists or dicts."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[r.get(h, "") for h in header] if isinstance(r, dict) else r
                      for r in rows])
    return out.getvalue().encode("utf-8")


def frame_csv(rows=None, header=None) -> bytes:
    return followup_csv(FRAME_HEADER if header is None else header,
                        FRAME_ROWS if rows is None else rows)


def answers_csv(rows=None, header=None) -> bytes:
    return followup_csv(answers_header() if header is None else header,
                        answer_rows() if rows is None else rows)


def write_frame(paths: Paths, delivery_id: str = "2014-05", data: bytes | None = None,
                file_name: str | None = None) -> Path:
    folder = delivery_dir(paths, "followup_frame", delivery_id)
    (folder / (file_name or f"oppfolging_utvalg_{delivery_id[:7]}.csv")).write_bytes(
        frame_csv() if data is None else data)
    return folder


def write_answers(paths: Paths, delivery_id: str = "2014-09", data: bytes | None = None,
                  file_name: str | None = None) -> Path:
    folder = delivery_dir(paths, "followup_answers", delivery_id)
    (folder / (file_name or f"oppfolging_svar_{delivery_id[:7]}.csv")).write_bytes(
        answers_csv() if data is None else data)
    return folder


# --- a large synthetic Arena extract, for the scale measurement -----------------------------

def synthetic_fnrs(persons: int, seed: int = 0) -> pa.Array:
    """`persons` distinct valid fødselsnumre (born 1947-1996, some D-numbers), vectorised."""
    rng = np.random.default_rng(seed)
    found, weights_1, weights_2 = [], np.array(WEIGHTS_1), np.array(WEIGHTS_2)
    while sum(len(f) for f in found) < persons:
        m = persons * 2
        day_number = rng.integers(0, 365 * 50, m)
        birth = (np.datetime64("1947-01-01") + day_number.astype("timedelta64[D]"))
        year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
        month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
        day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
        day = np.where(rng.random(m) < 0.05, day + 40, day)  # D-numbers
        individual = rng.integers(0, 500, m)
        digits = np.stack([day // 10, day % 10, month // 10, month % 10, year % 100 // 10,
                           year % 10, individual // 100, individual // 10 % 10,
                           individual % 10], axis=1)
        k1 = (11 - (digits @ weights_1) % 11) % 11
        k2 = (11 - (np.concatenate([digits, k1[:, None]], axis=1) @ weights_2) % 11) % 11
        ok = (k1 < 10) & (k2 < 10)
        number = (digits[ok] @ (10 ** np.arange(10, 1, -1))) + k1[ok] * 10 + k2[ok]
        found.append(number)
    numbers = pd.unique(np.concatenate(found))[:persons]
    return pc.utf8_lpad(pa.array(numbers).cast(pa.string()), 11, "0")


def synthetic_arena_table(persons: int, seed: int = 0) -> pa.Table:
    """An Arena extract of about 2.4 spells per person: consecutive spells from 2011 on, the last
    often open; measure codes on AT/NT spells only; offices from 450 office numbers."""
    rng = np.random.default_rng(seed)
    people = synthetic_fnrs(persons, seed)
    spells = np.minimum(1 + rng.poisson(1.4, persons), 8)
    person = np.repeat(np.arange(persons), spells)
    n = len(person)
    first = np.repeat(np.cumsum(spells) - spells, spells)  # each person's first spell
    length = rng.integers(20, 400, n)
    gap = rng.integers(1, 90, n)
    begin = np.repeat(rng.integers(0, 700, persons), spells)
    offset = np.cumsum(length + gap) - (length + gap)
    start = begin + offset - offset[first]
    end = start + length
    is_last = np.append(person[1:] != person[:-1], True)
    open_spell = is_last & (rng.random(n) < 0.3)
    codes = np.array(["HL", "DL", "AT", "AA", "NT", "NV", "NO", "NP", "NI", "RA"])
    status = codes[rng.choice(10, n, p=[.3, .1, .12, .08, .12, .06, .05, .05, .04, .08])]
    measure = np.where(np.isin(status, ["AT", "NT"]),
                       np.array(["AMO", "ARBTREN", "AVKLARAG", "LONNTILS"])[rng.integers(0, 4, n)],
                       None)
    office = np.char.zfill(rng.integers(101, 2030, 450).astype(str), 4)[rng.integers(0, 450, n)]
    epoch = np.datetime64("2011-01-01")
    as_text = lambda days: pa.array((epoch + days.astype("timedelta64[D]")).astype(str))  # noqa
    return pa.table({
        "fnr": people.take(pa.array(person)),
        "status": pa.array(status),
        "fra_dato": as_text(start),
        "til_dato": pc.if_else(pa.array(open_spell), pa.scalar(None, pa.string()), as_text(end)),
        "tiltakskode": pa.array(measure, type=pa.string()),
        "nav_kontor": pa.array(office),
    })


def write_synthetic_arena(paths: Paths, persons: int, delivery_id: str = "2014-06",
                          seed: int = 0) -> Path:
    """The synthetic Arena extract as a delivery folder (`;`, UTF-8, empty = none)."""
    folder = delivery_dir(paths, "register_arena", delivery_id)
    path = folder / extract_file("register_arena", delivery_id)
    pacsv.write_csv(synthetic_arena_table(persons, seed), str(path), pacsv.WriteOptions(
        delimiter=";", quoting_style="needed"))
    return folder


def measure_register_ingest(persons: int = 1_000_000, workdir: Path | None = None,
                            demo: bool = False) -> dict:
    """Ingest the Arena extract of `persons` persons in a fresh process; its rows, wall and CPU
    seconds and peak memory (maximum resident set of that process, imports included).

    With `demo`, the extract comes from the demo generator (`nav_placement.demo.registers`),
    else from `synthetic_arena_table`. Run: `.venv/bin/python tests/python/ingest_fixtures.py
    [persons] [--demo]`.
    """
    import subprocess
    import sys
    import time

    own = tempfile.TemporaryDirectory() if workdir is None else None
    paths = Paths(Path(own.name) if own else Path(workdir))
    started = time.perf_counter()
    if demo:
        from nav_placement.demo.registers import write_register_deliveries
        for path in write_register_deliveries(paths.landing, persons, 2014):
            if path.parent.parent.name != "register_arena":
                shutil.rmtree(path.parent)
    else:
        write_synthetic_arena(paths, persons)
    written = time.perf_counter() - started
    [extract] = (paths.landing / "register_arena").glob("*/*.csv")
    child = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "t0, c0 = time.perf_counter(), time.process_time()\n"
        "from nav_placement.ingest import ingest_landing\n"
        "from nav_placement.paths import Paths\n"
        "imported = time.perf_counter() - t0\n"
        "[o] = ingest_landing(Paths(Path(sys.argv[1])), progress=lambda m: None)\n"
        "print(json.dumps({'status': o.status, 'rows': o.row_count, 'message': o.message[:300],\n"
        "    'import_seconds': round(imported, 1),\n"
        "    'ingest_seconds': round(time.perf_counter() - t0 - imported, 1),\n"
        "    'cpu_seconds': round(time.process_time() - c0, 1),\n"
        "    'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))\n")
    env = {**os.environ, "NAV_PSEUDONYM_KEY": "measure-" + "0" * 40,
           "GX_ANALYTICS_ENABLED": "false"}
    for name in ("NAV_DATA_DIR", "NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB"):
        env.pop(name, None)
    run = subprocess.run([sys.executable, "-c", child, str(paths.data_dir)], env=env,
                         capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    figures.update({"persons": persons, "source": "demo" if demo else "synthetic",
                    "file_mb": round(extract.stat().st_size / 2**20, 1),
                    "write_seconds": round(written, 1),
                    "build_db_mb": round(paths.build_db.stat().st_size / 2**20, 1)})
    if own:
        own.cleanup()
    return figures


if __name__ == "__main__":
    import sys

    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(json.dumps(measure_register_ingest(int(arguments[0]) if arguments else 1_000_000,
                                             demo="--demo" in sys.argv), indent=1))


def isolate_from_environment(monkeypatch, tmp_path, key: str) -> None:
    """A test's Paths(tmp_path) not redirected by a developer's NAV_* variables, no telemetry, and
    the test's own pseudonym key (never the developer's key file)."""
    for name in ("NAV_DATA_DIR", "NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB", "NAV_SERVING_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")
    monkeypatch.setenv("NAV_PSEUDONYM_KEY", key)
    monkeypatch.setenv("NAV_PSEUDONYM_KEY_FILE", str(tmp_path / "no-key-file-expected"))
