"""Ingest: contracts, readers, loading and refusing deliveries, each in its own warehouse."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from ingest_fixtures import (
    REGISTER_HEADER,
    REGISTER_ROWS,
    delivery_dir,
    ingest_rejected,
    load_log,
    query,
    quiet,
    raw_snapshot,
    register_csv,
    survey_answers,
    survey_csv,
    survey_xlsx,
    write_register,
    write_survey,
)
import nav_placement.ingest.contracts as contract_module
from nav_placement.ingest import DeliveryRejected, LoadFailed, ingest_delivery, ingest_landing
from nav_placement.ingest import load
from nav_placement.ingest.contracts import (
    Refused,
    office_register,
    office_survey,
)
from nav_placement.ingest.deliveries import (
    delivery_order,
    landing_deliveries,
    next_delivery_id,
)
from nav_placement.ingest.readers import csv_rows, decode, excel_text, read_table, to_frame
from nav_placement.paths import SEEDS_DIR, Paths

REGISTER_FILE = "avd_kontorliste_2014-08.csv"
SURVEY_XLSX = "questback_export_2014-09.xlsx"
SURVEY_CSV = "questback_export_2014-09.csv"


@pytest.fixture(autouse=True)
def _own_paths(monkeypatch):
    """Paths(tmp_path) must not be redirected by a developer's environment."""
    for name in ("NAV_DATA_DIR", "NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB",
                 "NAV_SERVING_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def preloaded_db(tmp_path_factory) -> Path:
    """build.duckdb after a good register and a good survey delivery (built once, copied)."""
    paths = Paths(tmp_path_factory.mktemp("preloaded"))
    write_register(paths)
    write_survey(paths)
    with pytest.MonkeyPatch.context() as mp:
        for name in ("NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB"):
            mp.delenv(name, raising=False)
        outcomes = ingest_landing(paths, progress=quiet)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    return paths.build_db


@pytest.fixture
def warehouse(tmp_path, preloaded_db) -> Paths:
    """A test's own warehouse holding one good delivery per source, landing emptied."""
    paths = Paths(tmp_path)
    paths.build_db.parent.mkdir(parents=True)
    shutil.copy(preloaded_db, paths.build_db)
    return paths


# --- contracts -----------------------------------------------------------------------------

def test_register_contract_maps_delivered_headers_to_raw_columns():
    contract = office_register()
    assert [(c.header, c.name) for c in contract.columns] == [
        ("Enhetsnr", "office_number"), ("Enhetsnavn", "office_name"),
        ("Kommunenr", "municipality_number"), ("Fylkesnr", "county_code"),
        ("Fylkesnavn", "county_name"), ("Statlige årsverk", "state_fte"),
        ("Kommunale årsverk", "municipal_fte")]
    assert contract.raw_table == "raw.office_register__offices"
    assert contract.key == "office_number"
    assert contract.column("county_code").allowed >= {"01", "18", "20"}
    assert "13" not in contract.column("county_code").allowed
    assert ("18", "Nordland") in contract.code_name_pair[2]
    assert contract.formats[0].encodings == ("utf-8-sig", "cp1252")
    assert contract.file_format(REGISTER_FILE) is contract.formats[0]
    assert contract.file_format("avd_kontorliste_2014.csv") is None


def test_survey_contract_has_one_column_per_item_with_its_answer_rules():
    contract = office_survey()
    items = (SEEDS_DIR / "codes" / "office_survey_items.csv").read_text("utf-8").splitlines()
    assert len(contract.columns) == 2 + len(items) - 1
    assert len({c.header for c in contract.columns}) == len(contract.columns)
    rules = {c.header: c for c in contract.columns}
    assert rules["Respondent ID"].name == "respondent_id" and not rules["Respondent ID"].nullable
    assert rules["Q18j_tekst"].name == "q18j_text"
    assert rules["Q18a"].allowed == frozenset("123456") and rules["Q18a"].nullable
    assert rules["Q18a"].expected == "an allowed value (1-6 or empty)"
    assert "Østfold" in rules["Q5"].allowed
    assert rules["Q8"].allowed == {"Avdelinger", "Team", "Annet"}
    assert rules["Q15"].pattern is None and rules["Q15"].allowed is None  # "3-4" is legal
    assert rules["Q3"].pattern == r"^\d{4}$"
    assert [f.kind for f in contract.formats] == ["xlsx", "csv"]
    assert contract.formats[1].encodings == ("utf-8-sig",)


def _seeds_with_items(tmp_path: Path, *rows: list[str]) -> Path:
    """A copy of the code seeds with rows added to office_survey_items.csv."""
    shutil.copytree(SEEDS_DIR / "codes", tmp_path / "seeds" / "codes")
    with open(tmp_path / "seeds" / "codes" / "office_survey_items.csv", "a", encoding="utf-8",
              newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return tmp_path / "seeds"


NEW_ITEM = ["q99", "99", "", "Q99", "q99_new_item", "Nytt spørsmål", "New question", "likert_1_6",
            "true", "0"]


@pytest.mark.parametrize(("row", "problem"), [
    (["q18a", *NEW_ITEM[1:]], "raw column q18a is listed more than once"),
    (["q99", *NEW_ITEM[1:3], "Q18a", *NEW_ITEM[4:]],
     "delivered column Q18a is listed more than once"),
    (["loaded_at", *NEW_ITEM[1:]], "raw column loaded_at clashes with the load metadata"),
])
def test_a_seed_naming_a_column_twice_is_an_error_naming_the_seed(tmp_path, row, problem):
    # without the check, CREATE TABLE fails later in a DuckDB error that names no seed
    with pytest.raises(ValueError, match=f"^office_survey_items.csv: {problem}"):
        office_survey(_seeds_with_items(tmp_path, row))


def test_unknown_item_type_in_the_seed_is_an_error(tmp_path):
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    items = tmp_path / "seeds" / "codes" / "office_survey_items.csv"
    items.write_text(items.read_text("utf-8").replace(",likert_1_6,", ",likert_1_9,", 1),
                     encoding="utf-8")
    with pytest.raises(ValueError, match="unknown item_type likert_1_9"):
        office_survey(tmp_path / "seeds")


# --- readers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "number_format", "text"), [
    (5, "General", "5"),
    (5.0, "General", "5"),
    (12.5, "General", "12.5"),
    (0.1 + 0.2, "General", "0.3"),
    ("3-4", "General", "3-4"),
    ("", "General", None),
    (None, "General", None),
    (datetime(2014, 9, 3), "yyyy-mm-dd", "2014-09-03"),
    (datetime(2014, 9, 3, 10, 15), "yyyy-mm-dd hh:mm:ss", "2014-09-03 10:15:00"),
])
def test_excel_text_is_what_a_user_sees(value, number_format, text):
    assert excel_text(SimpleNamespace(value=value, number_format=number_format)) == text


def test_decode_tries_the_contract_encodings_in_order():
    register = office_register().formats[0]
    assert decode("Bodø".encode("cp1252"), register) == "Bodø"
    assert decode("\ufeffBodø".encode("utf-8"), register) == "Bodø"


def test_decode_names_row_and_column_of_the_first_bad_byte():
    questback = office_survey().formats[1]
    data = "Respondent ID;Q2\r\n1;NAV Oslo\r\n2;NAV Bodø\r\n".encode("latin-1")
    with pytest.raises(Refused) as refused:
        decode(data, questback)
    violation = refused.value.violation
    assert (violation.row, violation.column) == (3, "Q2")
    assert violation.problem == ("byte 0xf8 after 'NAV Bod' is not valid UTF-8 "
                                 "(the file looks Latin-1/Windows-1252)")


def test_decode_names_both_encodings_when_neither_reads_a_byte():
    register = office_register().formats[0]
    data = "Enhetsnr;Enhetsnavn\r\n0301;NAV Oslo".encode("cp1252") + b"\x81\r\n"
    with pytest.raises(Refused) as refused:
        decode(data, register)
    violation = refused.value.violation
    assert (violation.row, violation.column) == (2, "Enhetsnavn")
    assert violation.problem == "byte 0x81 after 'NAV Oslo' is not valid UTF-8 or Windows-1252"


def test_frame_keeps_spreadsheet_row_numbers_and_empty_cells_as_none():
    questback = office_survey().formats[1]
    data = "Respondent ID;Q2\r\n1;NAV Oslo\r\n\r\n3;\r\n4\r\n".encode("utf-8")
    frame = to_frame(csv_rows(data, questback), office_survey())
    assert list(frame.index) == [2, 4, 5]
    assert frame.to_dict("list") == {"Respondent ID": ["1", "3", "4"],
                                     "Q2": ["NAV Oslo", None, None]}


@pytest.mark.parametrize(("text", "where", "problem"), [
    ("", (None, None), "the file is empty"),
    ("\r\n\r\n", (None, None), "the file is empty"),
    ("0301;NAV Oslo\r\n", (1, None), "has no header row"),
    ("Enhetsnr;Enhetsnr\r\n0301;0302\r\n", (1, "Enhetsnr"), "header appears more than once"),
    ("Enhetsnr\r\n0301;x\r\n", (2, "#2"), "holds a value but the column has no header"),
    ("Statlige Ã¥rsverk;Enhetsnr\r\n1;0301\r\n", (1, "Statlige Ã¥rsverk"), "double-encoded"),
])
def test_unreadable_tables_are_refused_with_a_location(text, where, problem):
    register = office_register()
    with pytest.raises(Refused) as refused:
        read_table(text.encode("utf-8"), register.formats[0], register)
    violation = refused.value.violation
    assert (violation.row, violation.column) == where
    assert problem in violation.problem


def test_truncated_xlsx_is_refused():
    survey = office_survey()
    data = survey_xlsx()
    with pytest.raises(Refused, match="is not a readable xlsx workbook"):
        read_table(data[: len(data) // 2], survey.formats[0], survey)


# --- loading good deliveries ---------------------------------------------------------------

def test_register_in_windows_1252_loads_with_metadata(tmp_path):
    paths = Paths(tmp_path)
    folder = write_register(paths)
    sha256 = hashlib.sha256((folder / REGISTER_FILE).read_bytes()).hexdigest()
    outcome = ingest_delivery(paths, "office_register", folder)
    assert (outcome.status, outcome.row_count, outcome.file_name) == ("loaded", 3, REGISTER_FILE)
    rows = query(paths, "select office_number, office_name, county_name, state_fte, "
                        "municipal_fte, loaded_delivery_id, loaded_wave, loaded_file_name, "
                        "loaded_file_sha256, loaded_row_number "
                        "from raw.office_register__offices order by loaded_row_number")
    assert rows == [
        ("0301", "NAV Gamle Oslo", "Oslo", "45,5", "30", "2014-08", 2014, REGISTER_FILE, sha256, 2),
        ("1804", "NAV Bodø", "Nordland", "20", None, "2014-08", 2014, REGISTER_FILE, sha256, 3),
        ("0105", "NAV Sarpsborg", "Østfold", "18,25", "12,0", "2014-08", 2014, REGISTER_FILE,
         sha256, 4)]
    types = dict(query(paths, "select column_name, data_type from information_schema.columns "
                              "where table_schema = 'raw' "
                              "and table_name = 'office_register__offices'"))
    assert types["state_fte"] == "VARCHAR" and types["loaded_at"] == "TIMESTAMP"
    [log] = load_log(paths)
    assert log[:8] == ("2014-08", "office_register", "offices", REGISTER_FILE, sha256, "loaded",
                       3, f"loaded 3 rows from {REGISTER_FILE}")
    assert json.loads(log[8])["success"] is True
    assert query(paths, "select count(distinct loaded_at) from raw.office_register__offices "
                        "where loaded_at = (select loaded_at from raw.load_log)") == [(1,)]


def test_survey_xlsx_loads_numbers_and_dates_as_typed(tmp_path):
    paths = Paths(tmp_path)
    outcome = ingest_delivery(paths, "office_survey", write_survey(paths))
    assert (outcome.status, outcome.row_count, outcome.file_name) == ("loaded", 3, SURVEY_XLSX)
    rows = query(paths, "select respondent_id, completed_at, q01, q03, q05, q07, q10, q15, q16, "
                        "q18a, q18j_text, loaded_wave, loaded_row_number "
                        "from raw.office_survey__responses order by loaded_row_number")
    assert rows == [
        ("1001", "2014-09-03 10:15:00", "2014-09-03", "0301", "Oslo", "12.5", "45", "5", "6",
         "1", None, 2014, 2),
        ("1002", "2014-09-04 10:15:00", "2014-09-04", "1804", "Nordland", "7", "20", "3-4",
         "5 og 6", "2", None, 2014, 3),
        ("1003", "2014-09-05 10:15:00", "2014-09-05", "0105", "Østfold", None, "30", "7", "6",
         "3", None, 2014, 4)]


def test_survey_csv_variant_loads(tmp_path):
    paths = Paths(tmp_path)
    outcome = ingest_delivery(paths, "office_survey", write_survey(paths, csv_data=survey_csv()))
    assert (outcome.status, outcome.file_name) == ("loaded", SURVEY_CSV)
    rows = query(paths, "select respondent_id, completed_at, q01, q05, q07, q15, q16, "
                        "loaded_row_number from raw.office_survey__responses order by 1")
    assert rows == [
        ("1001", "2014-09-03 10:15:00", "2014-09-03", "Oslo", "12,5", "5", "6", 2),
        ("1002", "2014-09-04 10:15:00", "2014-09-04", "Nordland", "7", "3-4", "5 og 6", 3),
        ("1003", "2014-09-05 10:15:00", "2014-09-05", "Østfold", None, "7", "6", 4)]


def test_survey_in_both_formats_loads_the_xlsx_once(tmp_path):
    paths = Paths(tmp_path)
    folder = write_survey(paths, xlsx=survey_xlsx(), csv_data=survey_csv())
    outcome = ingest_delivery(paths, "office_survey", folder)
    assert (outcome.status, outcome.file_name, outcome.row_count) == ("loaded", SURVEY_XLSX, 3)
    assert SURVEY_CSV in outcome.message
    assert query(paths, "select count(*) from raw.office_survey__responses") == [(3,)]


def test_reingesting_the_same_files_changes_nothing(warehouse):
    write_register(warehouse)
    write_survey(warehouse)
    before, log_before = raw_snapshot(warehouse), load_log(warehouse)
    outcomes = ingest_landing(warehouse, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("office_register", "already_loaded"), ("office_survey", "already_loaded")]
    assert raw_snapshot(warehouse) == before
    assert load_log(warehouse) == log_before


def _corrected_register() -> bytes:
    return register_csv([row[:5] + ["46,5"] + row[6:] if row[0] == "0301" else row
                         for row in REGISTER_ROWS])


def test_a_correction_back_to_the_original_bytes_is_a_new_delivery_and_the_latest(warehouse):
    write_register(warehouse, "2014-08-r2", _corrected_register())
    write_register(warehouse, "2014-08-r3")  # the bytes of 2014-08 again
    outcomes = ingest_landing(warehouse, progress=quiet)
    assert [(o.delivery_id, o.status) for o in outcomes] == [
        ("2014-08-r2", "loaded"), ("2014-08-r3", "loaded")]
    assert outcomes[1].message == (f"loaded 3 rows from {REGISTER_FILE} (the same bytes as "
                                   "delivery 2014-08, loaded again as a new delivery)")
    assert load.latest_delivery(warehouse.build_db, "office_register", 2014) == "2014-08-r3"
    assert query(warehouse, "select loaded_delivery_id, state_fte "
                            "from raw.office_register__offices where office_number = '0301' "
                            "order by loaded_at") == [
        ("2014-08", "45,5"), ("2014-08-r2", "46,5"), ("2014-08-r3", "45,5")]
    # re-ingesting the same folders is a no-op, whichever delivery first had the bytes
    write_register(warehouse, "2014-08")
    before, log_before = raw_snapshot(warehouse), load_log(warehouse)
    outcomes = ingest_landing(warehouse, progress=quiet)
    assert [(o.delivery_id, o.status) for o in outcomes] == [
        ("2014-08", "already_loaded"), ("2014-08-r2", "already_loaded"),
        ("2014-08-r3", "already_loaded")]
    assert outcomes[2].message == f"{REGISTER_FILE} already loaded as delivery 2014-08-r3 " \
        "(same sha256), nothing to do"
    assert raw_snapshot(warehouse) == before and load_log(warehouse) == log_before


@pytest.mark.parametrize(("delivery_id", "next_id"), [
    ("2014-09", "2014-09-r2"), ("2014-09-r2", "2014-09-r3"), ("2014-09-r9", "2014-09-r10"),
    ("2014", "2014-r2"), ("2014-09-copy", "2014-09-r2"), ("neste", "<wave>-<MM>")])
def test_next_delivery_id(delivery_id, next_id):
    assert next_delivery_id(delivery_id) == next_id


def test_delivery_folders_sort_naturally():
    ids = ["2014-09-r10", "2015-09", "2014-09-r2", "2014-09", "2014-09-r9", "2014"]
    assert sorted(ids, key=delivery_order) == [
        "2014", "2014-09", "2014-09-r2", "2014-09-r9", "2014-09-r10", "2015-09"]


def test_revision_10_loads_after_revision_2_and_is_the_latest(warehouse):
    write_register(warehouse, "2014-08-r10", _corrected_register())
    write_register(warehouse, "2014-08-r2", register_csv(REGISTER_ROWS[:2]))
    assert [d.name for _, d in landing_deliveries(warehouse)] == ["2014-08-r2", "2014-08-r10"]
    outcomes = ingest_landing(warehouse, progress=quiet)
    assert [(o.delivery_id, o.status) for o in outcomes] == [
        ("2014-08-r2", "loaded"), ("2014-08-r10", "loaded")]
    assert load.latest_delivery(warehouse.build_db, "office_register", 2014) == "2014-08-r10"


def test_a_new_item_in_a_later_wave_adds_its_raw_column(warehouse, tmp_path, monkeypatch):
    grown = office_survey(_seeds_with_items(tmp_path, NEW_ITEM))
    monkeypatch.setattr(contract_module, "office_survey", lambda: grown)
    answers = survey_answers()
    for i, answer in enumerate(answers):
        answer["Q99"] = i + 1
    write_survey(warehouse, "2015-09", xlsx=survey_xlsx(answers))
    [outcome] = ingest_landing(warehouse, progress=quiet)
    assert (outcome.status, outcome.row_count) == ("loaded", 3)
    # the earlier wave's rows read NULL for the item it did not have
    assert query(warehouse, "select loaded_delivery_id, q99 from raw.office_survey__responses "
                            "order by loaded_delivery_id, loaded_row_number") == [
        ("2014-09", None), ("2014-09", None), ("2014-09", None),
        ("2015-09", "1"), ("2015-09", "2"), ("2015-09", "3")]


def test_a_warehouse_error_names_the_delivery_and_loads_nothing_of_it(warehouse):
    with duckdb.connect(str(warehouse.build_db)) as con:  # the log insert, after the rows, fails
        con.execute("create unique index one_row_per_file on raw.load_log (file_name)")
    landed = write_register(warehouse, "2014-08-r2", _corrected_register())
    before, log_before = raw_snapshot(warehouse), load_log(warehouse)
    with pytest.raises(LoadFailed) as failed:
        ingest_landing(warehouse, progress=quiet)
    message = str(failed.value)
    assert message.startswith(
        f"office_register/2014-08-r2 {REGISTER_FILE}: loading it into "
        "raw.office_register__offices failed (Constraint Error: Duplicate key ")
    assert message.endswith(f"); nothing of this delivery was loaded, it stays in {landed}")
    assert "\n" not in message
    assert isinstance(failed.value.__cause__, duckdb.Error)
    assert raw_snapshot(warehouse) == before and load_log(warehouse) == log_before
    assert landed.exists() and not warehouse.quarantine.exists()


def test_corrected_redelivery_appends(warehouse):
    corrected = [row[:5] + ["46,5"] + row[6:] if row[0] == "0301" else row for row in REGISTER_ROWS]
    write_register(warehouse, "2014-08-r2", register_csv(corrected))
    [outcome] = ingest_landing(warehouse, progress=quiet)
    assert (outcome.status, outcome.row_count) == ("loaded", 3)
    assert query(warehouse, "select loaded_delivery_id, state_fte "
                            "from raw.office_register__offices where office_number = '0301' "
                            "order by loaded_at") == [("2014-08", "45,5"), ("2014-08-r2", "46,5")]
    assert [r[5] for r in load_log(warehouse)] == ["loaded", "loaded", "loaded"]


def test_progress_reports_each_delivery(tmp_path):
    paths = Paths(tmp_path)
    write_register(paths)
    lines: list[str] = []
    ingest_landing(paths, progress=lines.append)
    assert lines == [f"office_register/2014-08: loaded 3 rows from {REGISTER_FILE}"]


# --- refusing bad deliveries ---------------------------------------------------------------

def _register(data: bytes):
    return lambda paths: write_register(paths, "2014-08-r2", data)


def _survey_xlsx(change):
    answers = survey_answers()
    change(answers)
    return lambda paths: write_survey(paths, "2014-09-r2", xlsx=survey_xlsx(answers))


def _truncated_xlsx(paths):
    data = survey_xlsx()
    return write_survey(paths, "2014-09-r2", xlsx=data[: len(data) // 2])


def _in_folder(source, delivery_id, *names):
    def write(paths):
        folder = delivery_dir(paths, source, delivery_id)
        for name in names:
            data = survey_xlsx() if name.endswith(".xlsx") else \
                survey_csv() if name.startswith("questback") else register_csv()
            (folder / name).write_bytes(data)
        return folder
    return write


def _with_notes(paths):
    folder = write_register(paths, "2014-08-r2")
    (folder / "notes.txt").write_text("see mail", encoding="utf-8")
    return folder


def _with(rows, row, column, value):
    rows = [list(r) for r in rows]
    rows[row][REGISTER_HEADER.index(column)] = value
    return rows


def _double_encoded(text: str) -> str:
    return text.encode("utf-8").decode("cp1252")


BAD_DELIVERIES = {
    "missing_column": (
        _register(register_csv([r[:-1] for r in REGISTER_ROWS], REGISTER_HEADER[:-1])),
        f"{REGISTER_FILE} row 1, column Kommunale årsverk: is missing from the header"),
    "wrong_type": (
        _register(register_csv(_with(REGISTER_ROWS, 1, "Statlige årsverk", "tolv"))),
        f"{REGISTER_FILE} row 3, column Statlige årsverk: 'tolv' is not a number of full-time "
        "equivalents (e.g. 12,5) or empty"),
    "survey_wrong_type": (
        _survey_xlsx(lambda answers: answers[1].update({"Q18a": 9})),
        f"{SURVEY_XLSX} row 3, column Q18a: '9' is not an allowed value (1-6 or empty)"),
    "empty_file": (_register(b""), f"{REGISTER_FILE}: the file is empty"),
    "header_only": (_register(register_csv([])),
                    f"{REGISTER_FILE}: has a header but no data rows"),
    "duplicate_key": (
        _register(register_csv(_with(REGISTER_ROWS, 2, "Enhetsnr", "0301"))),
        f"{REGISTER_FILE} row 2, column Enhetsnr: '0301' occurs more than once (rows 2, 4), "
        "but it is the key"),
    "register_unknown_county": (
        _register(register_csv(_with(REGISTER_ROWS, 1, "Fylkesnr", "99"))),
        f"{REGISTER_FILE} row 3, column Fylkesnr: '99' is not a 2014 county code"),
    "register_county_name_mismatch": (
        _register(register_csv(_with(REGISTER_ROWS, 1, "Fylkesnavn", "Troms"))),
        f"{REGISTER_FILE} row 3, column Fylkesnavn: 'Troms' is not the name of Fylkesnr '18' "
        "in the code list"),
    "survey_unknown_county": (
        _survey_xlsx(lambda answers: answers[0].update({"Q5": "Atlantis"})),
        f"{SURVEY_XLSX} row 2, column Q5: 'Atlantis' is not a 2014 county name"),
    "latin1_questback_csv": (
        lambda paths: write_survey(paths, "2014-09-r2", csv_data=survey_csv(encoding="latin-1")),
        f"{SURVEY_CSV} row 1, column #2: byte 0xf8 after 'Fullf' is not valid UTF-8"),
    "double_encoded_utf8": (
        _register(register_csv(_with(REGISTER_ROWS, 1, "Enhetsnavn", _double_encoded("NAV Bodø")),
                               encoding="utf-8")),
        f"{REGISTER_FILE} row 3, column Enhetsnavn: 'NAV BodÃ¸' looks double-encoded"),
    "truncated_xlsx": (_truncated_xlsx, f"{SURVEY_XLSX}: is not a readable xlsx workbook"),
    "unexpected_file": (_with_notes, "office_register/2014-08-r2: unexpected file 'notes.txt'"),
    "delivery_id_not_a_period": (
        lambda paths: write_register(paths, "2014-08-copy"),
        f"{REGISTER_FILE}: delivery folder '2014-08-copy' is not named <wave>[-<MM>][-r<N>], "
        "e.g. 2014-09, or 2014-09-r2 for a corrected re-delivery"),
    "file_of_another_wave": (
        _in_folder("office_survey", "2014-09-r2", "questback_export_2015-09.xlsx"),
        "questback_export_2015-09.xlsx: the file name says 2015-09, but the delivery folder "
        "2014-09-r2 says 2014-09; a file goes in the folder of its own wave and month, e.g. "
        "landing/office_survey/2015-09/"),
    "file_of_another_month": (
        _in_folder("office_register", "2014-08-r2", "avd_kontorliste_2014-07.csv"),
        "avd_kontorliste_2014-07.csv: the file name says 2014-07, but the delivery folder "
        "2014-08-r2 says 2014-08"),
    "csv_copy_of_another_month": (
        _in_folder("office_survey", "2014-09-r2", SURVEY_XLSX, "questback_export_2014-08.csv"),
        f"{SURVEY_XLSX}: questback_export_2014-08.csv, also in the folder, says 2014-08, but the "
        "delivery folder 2014-09-r2 says 2014-09"),
}


@pytest.mark.parametrize("case", BAD_DELIVERIES)
def test_bad_delivery_is_quarantined_and_nothing_is_loaded(warehouse, case):
    write, expected = BAD_DELIVERIES[case]
    ingest_rejected(warehouse, write(warehouse), expected)


def test_reason_lists_further_problems(warehouse):
    rows = _with(_with(REGISTER_ROWS, 0, "Kommunenr", "301"), 2, "Fylkesnr", "13")
    write_register(warehouse, "2014-08-r2", register_csv(rows))
    [outcome] = ingest_landing(warehouse, progress=quiet)
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert outcome.message == (f"{REGISTER_FILE} row 2, column Kommunenr: '301' is not a 4-digit "
                               "municipality number")
    assert f"  - {REGISTER_FILE} row 4, column Fylkesnr: '13' is not a 2014 county code" in reason
    assert "landing/office_register/2014-08-r3/" in reason


def test_strict_raises_after_quarantine_and_still_loads_the_good_ones(tmp_path):
    paths = Paths(tmp_path)
    write_register(paths, "2014-08", register_csv(_with(REGISTER_ROWS, 1, "Fylkesnr", "99")))
    write_register(paths, "2014-08-r2")
    with pytest.raises(DeliveryRejected) as rejected:
        ingest_landing(paths, progress=quiet, strict=True)
    assert str(rejected.value).startswith(f"{REGISTER_FILE} row 3, column Fylkesnr: '99'")
    assert (paths.quarantine / "office_register" / "2014-08" / "REASON.txt").exists()
    assert query(paths, "select distinct loaded_delivery_id "
                        "from raw.office_register__offices") == [("2014-08-r2",)]


def test_a_second_rejection_of_the_same_delivery_id_keeps_the_first(warehouse):
    for _ in range(2):
        write_register(warehouse, "2014-08-r2", b"")
        [outcome] = ingest_landing(warehouse, progress=quiet)
        assert outcome.status == "rejected"
    folders = sorted(p.name for p in (warehouse.quarantine / "office_register").iterdir())
    assert len(folders) == 2 and folders[0] == "2014-08-r2"
    assert folders[1].startswith("2014-08-r2-")


def test_a_loaded_delivery_id_with_other_bytes_is_refused(warehouse):
    write_register(warehouse, "2014-08", register_csv(REGISTER_ROWS[:2]))
    before = raw_snapshot(warehouse)
    [outcome] = ingest_landing(warehouse, progress=quiet)
    assert outcome.status == "rejected"
    assert outcome.message == (
        f"{REGISTER_FILE}: delivery 2014-08 was already loaded from a different {REGISTER_FILE}; "
        "a corrected re-delivery goes in a new folder such as 2014-08-r2")
    assert raw_snapshot(warehouse) == before


def test_unknown_source_folder_is_an_error(tmp_path):
    paths = Paths(tmp_path)
    write_register(paths)
    (paths.landing / "office_regsiter" / "2014-08").mkdir(parents=True)
    with pytest.raises(ValueError, match="unknown source 'office_regsiter'"):
        ingest_landing(paths, progress=quiet)
    assert not paths.build_db.exists()


def test_empty_landing_is_fine(tmp_path):
    lines: list[str] = []
    assert ingest_landing(Paths(tmp_path), progress=lines.append) == []
    assert lines == [f"no deliveries in {tmp_path / 'landing'}"]
