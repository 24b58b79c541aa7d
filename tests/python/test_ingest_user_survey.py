"""Ingest, Part 2: the gross sample (CSV) and the agency's SPSS interview file, checked against
each other; and the national-id guard every source passes."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pytest

from ingest_fixtures import (
    GROSS_FILE,
    GROSS_HEADER,
    GROSS_ROWS,
    INTERVIEW_FILE,
    REGISTER_HEADER,
    REGISTER_ROWS,
    delivery_dir,
    gross_csv,
    ingest_rejected,
    interview_cases,
    interview_sav,
    load_log,
    query,
    quiet,
    raw_snapshot,
    raw_tables,
    register_csv,
    with_cell,
    write_gross_sample,
    write_interviews,
    write_register,
)
from nav_placement.ingest import ingest_landing
from nav_placement.ingest import load
from nav_placement.ingest.contracts import (
    NATIONAL_ID,
    Refused,
    contracts,
    national_id_violations,
    user_survey_interviews,
    user_survey_sample,
)
from nav_placement.ingest.deliveries import landing_deliveries
from nav_placement.ingest.readers import read_delivery, sav_text
from nav_placement.paths import SEEDS_DIR, Paths

NATIONAL_ID_TEXT = "looks like a fødselsnummer; deliveries must carry survey serials, not " \
    "national ids"
FAKE_NATIONAL_IDS = ("01019012345", "12019012345", "010190 12345")
WHERE = "the gross sample of wave 2014 (user_survey_sample delivery 2014-03)"


@pytest.fixture(autouse=True)
def _own_paths(monkeypatch):
    """Paths(tmp_path) must not be redirected by a developer's environment."""
    for name in ("NAV_DATA_DIR", "NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB",
                 "NAV_SERVING_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def users_db(tmp_path_factory) -> Path:
    """build.duckdb after the good gross sample (2014-03) and interviews (2014-06), from landing
    where the interviews sort first."""
    paths = Paths(tmp_path_factory.mktemp("users"))
    write_interviews(paths)
    write_gross_sample(paths)
    with pytest.MonkeyPatch.context() as mp:
        for name in ("NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB"):
            mp.delenv(name, raising=False)
        outcomes = ingest_landing(paths, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("user_survey_sample", "loaded"), ("user_survey_interviews", "loaded")], outcomes
    return paths.build_db


@pytest.fixture
def users(tmp_path, users_db) -> Paths:
    """A test's own warehouse holding the good gross sample and interviews, landing empty."""
    paths = Paths(tmp_path)
    paths.build_db.parent.mkdir(parents=True)
    shutil.copy(users_db, paths.build_db)
    return paths


# --- contracts -----------------------------------------------------------------------------

def test_gross_sample_contract_maps_delivered_headers_to_raw_columns():
    contract = user_survey_sample()
    assert [c.header for c in contract.columns] == GROSS_HEADER
    assert [c.name for c in contract.columns] == [
        "serial_number", "disposition_code", "gender_code", "birth_date", "benefit_code",
        "county_code", "labour_market_status_code", "status_group_code",
        "jobseeker_duration_weeks", "birth_country_iso3", "county_weight"]
    assert contract.raw_table == "raw.user_survey_sample__gross_sample"
    assert contract.key == "serial_number" and contract.parent is None
    rules = {c.name: c for c in contract.columns}
    assert rules["disposition_code"].allowed >= {"10", "20", "31", "50", "60"}
    assert rules["gender_code"].allowed == {"K", "M"}
    assert rules["status_group_code"].allowed == set("123456")
    assert rules["county_code"].nullable and "13" not in rules["county_code"].allowed
    assert rules["labour_market_status_code"].nullable
    assert rules["birth_country_iso3"].pattern == r"^[A-Z]{3}$"
    assert rules["county_weight"].only_when[:2] == ("disposition_code", {"50", "60"})
    assert contract.file_format(GROSS_FILE) is contract.formats[0]
    assert not contract.has_dictionary


def test_interview_contract_has_every_item_with_its_answer_codes():
    contract = user_survey_interviews()
    items = pd.read_csv(SEEDS_DIR / "codes" / "user_survey_items.csv", dtype=str)
    assert [c.header for c in contract.columns] == ["LOPENR", "INTDATO", "FULLFORT",
                                                    *items["variable"]]
    rules = {c.header: c for c in contract.columns}
    assert rules["Q1A"].name == "q1a" and rules["Q6ANT"].name == "q6ant"
    assert rules["Q4"].allowed == set("12345689") and rules["Q4"].nullable
    assert rules["Q4"].labels_required and rules["UTD"].labels_required
    assert not rules["Q2A"].labels_required
    assert rules["Q2A"].allowed == {"0", "1"}
    assert rules["UTD"].allowed == set("12348")
    assert rules["Q6ANT"].allowed is None and rules["Q6ANT"].pattern == r"^[1-9]\d*$"
    assert rules["FULLFORT"].allowed == {"0", "1"} and not rules["FULLFORT"].nullable
    assert contract.key == "lopenr"
    assert (contract.parent.source, contract.parent.key) == ("user_survey_sample",
                                                             "serial_number")
    assert contract.parent.condition[1] == {"50", "60"}
    assert (contract.variables_table, contract.value_labels_table) == (
        "raw.user_survey_interviews__variables", "raw.user_survey_interviews__value_labels")


def test_an_item_with_an_answer_scale_without_codes_is_an_error(tmp_path):
    shutil.copytree(SEEDS_DIR, tmp_path / "seeds")
    items = tmp_path / "seeds" / "codes" / "user_survey_items.csv"
    items.write_text(items.read_text("utf-8").replace(",scale_extent,", ",scale_extnt,", 1),
                     encoding="utf-8")
    with pytest.raises(ValueError, match="answer_scale scale_extnt has no codes"):
        user_survey_interviews(tmp_path / "seeds")


def test_landing_is_ingested_parents_first(tmp_path):
    paths = Paths(tmp_path)
    for source, delivery_id in [("user_survey_interviews", "2014-01"),
                                ("user_survey_sample", "2014-03"), ("office_survey", "2014-09"),
                                ("office_register", "2014-08"),
                                ("user_survey_interviews", "2014-06")]:
        delivery_dir(paths, source, delivery_id)
    assert [(s, d.name) for s, d in landing_deliveries(paths)] == [
        ("office_register", "2014-08"), ("office_survey", "2014-09"),
        ("user_survey_sample", "2014-03"), ("user_survey_interviews", "2014-01"),
        ("user_survey_interviews", "2014-06")]


# --- the national-id guard ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "hit"), [
    ("01019012345", True),
    ("010190 12345", True),
    ("fnr: 01019012345.", True),
    ("512345", False),
    ("1234567890", False),  # 10 digits
    ("123456789012", False),  # 12 digits
    ("0,12345678901", False),  # a weight's decimals
    ("2014-05-05", False),
])
def test_national_id_pattern(text, hit):
    assert bool(NATIONAL_ID.search(text)) is hit


def test_guard_names_row_and_column_but_not_the_value():
    contract = user_survey_sample()
    frame = pd.DataFrame({"Løpenr": ["512345", "01019012345"], "Utfall": ["60", "60"]},
                         index=[2, 3], dtype=object)
    [violation] = national_id_violations(frame, contract)
    assert (violation.row, violation.column) == (3, "Løpenr")
    assert NATIONAL_ID_TEXT in violation.problem and "0101" not in violation.problem


# --- reading SPSS files --------------------------------------------------------------------

@pytest.mark.parametrize(("value", "spss_format", "text"), [
    (8.0, "F8.2", "8"),
    (512345.0, "N6", "512345"),
    (12345.0, "N6", "012345"),
    (2.5, "F8.2", "2.5"),
    (float("nan"), "F8.2", None),
    (None, "F8.2", None),
    ("", "A8", None),
    ("Oslo", "A8", "Oslo"),
    (date(2014, 5, 5), "DATE11", "2014-05-05"),
    (datetime(2014, 5, 5), "DATETIME20", "2014-05-05"),
    (datetime(2014, 5, 5, 10, 15), "DATETIME20", "2014-05-05 10:15:00"),
    (time(10, 15), "TIME8", "10:15:00"),
])
def test_sav_text_is_what_spss_shows(value, spss_format, text):
    assert sav_text(value, spss_format) == text


def test_sav_keeps_user_missing_codes_and_its_dictionary():
    contract = user_survey_interviews()
    frame, dictionary = read_delivery(interview_sav(), contract.formats[0], contract)
    assert list(frame.index) == [2, 3, 4]
    assert frame.loc[2, ["LOPENR", "INTDATO", "FULLFORT", "Q1A", "Q1B"]].tolist() == [
        "512345", "2014-05-05", "1", "8", "9"]
    assert frame.loc[3, "Q9"] is None  # broken off: system-missing
    variables = {v: (label, missing) for v, label, missing in dictionary.variables}
    assert variables["Q4"] == ("Fått den oppfølgingen fra NAV du har hatt behov for i "
                               "forbindelse med jobbsøking", "8,9")
    assert variables["LOPENR"] == ("Løpenummer", None)
    assert ("Q4", "8", "Vet ikke") in dictionary.value_labels
    assert ("UTD", "1", "Grunnskole") in dictionary.value_labels


# --- loading good deliveries ---------------------------------------------------------------

def test_gross_sample_then_interviews_load_with_labels(users):
    sample = query(users, "select * exclude (loaded_at, loaded_file_sha256) "
                          "from raw.user_survey_sample__gross_sample order by loaded_row_number")
    assert [row[:11] for row in sample] == [tuple(c or None for c in r) for r in GROSS_ROWS]
    assert {row[11:] for row in sample} >= {("2014-03", 2014, GROSS_FILE, 2)}

    interviews = query(users, "select lopenr, intdato, fullfort, q1a, q1b, q1c, q2a, q6ant, "
                              "utd, q9, loaded_delivery_id, loaded_wave, loaded_file_name, "
                              "loaded_row_number from raw.user_survey_interviews__interviews "
                              "order by loaded_row_number")
    assert interviews == [
        ("512345", "2014-05-05", "1", "8", "9", "3", "0", "3", "2", "9", "2014-06", 2014,
         INTERVIEW_FILE, 2),
        ("512346", "2014-05-06", "0", "2", "3", "4", "1", None, None, None, "2014-06", 2014,
         INTERVIEW_FILE, 3),
        ("512348", "2014-05-07", "1", "3", "4", "5", "0", "12", "1", "4", "2014-06", 2014,
         INTERVIEW_FILE, 4)]

    variables = query(users, "select variable, label, user_missing_codes "
                             "from raw.user_survey_interviews__variables "
                             "where loaded_delivery_id = '2014-06'")
    assert len(variables) == len(user_survey_interviews().columns)
    assert ("Q3A", "Fornøyd: informasjon om jobbsøking på nav.no", "8,9") in variables
    assert ("Q2A", "Benyttet: informasjon om jobbsøking på nav.no", None) in variables
    assert query(users, "select code, label from raw.user_survey_interviews__value_labels "
                        "where variable = 'Q3A' order by code") == [
        ("1", "Svært misfornøyd"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"),
        ("6", "Svært fornøyd"), ("8", "Vet ikke"), ("9", "Ikke aktuelt")]

    log = load_log(users)
    assert [(r[0], r[1], r[2], r[5], r[6]) for r in log] == [
        ("2014-03", "user_survey_sample", "gross_sample", "loaded", 5),
        ("2014-06", "user_survey_interviews", "interviews", "loaded", 3)]
    assert log[1][7] == (f"loaded 3 rows from {INTERVIEW_FILE} with 56 variable labels and "
                         "172 value labels, every serial checked against user_survey_sample "
                         "delivery 2014-03")
    result = json.loads(log[1][8])
    assert result["success"] is True
    parent_checks = [(r["expectation_config"]["type"], r["success"]) for r in result["results"]
                     if r["expectation_config"]["kwargs"].get("column")
                     == "LOPENR in user_survey_sample: disposition_code"]
    assert parent_checks == [("expect_column_values_to_not_be_null", True),
                             ("expect_column_values_to_be_in_set", True)]
    # one transaction: data, labels and log row of the interviews share the load
    assert query(users, "select count(*) from raw.user_survey_interviews__value_labels") == \
        [(172,)]


def test_reingesting_both_deliveries_changes_nothing(users):
    write_gross_sample(users)
    write_interviews(users)
    before, log_before = raw_snapshot(users), load_log(users)
    outcomes = ingest_landing(users, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("user_survey_sample", "already_loaded"), ("user_survey_interviews", "already_loaded")]
    assert raw_snapshot(users) == before and load_log(users) == log_before


def test_interviews_are_checked_against_the_latest_gross_sample_of_the_wave(users):
    # the corrected gross sample says 512348 refused after all
    write_gross_sample(users, "2014-03-r2",
                       gross_csv(with_cell(with_cell(GROSS_ROWS, 3, "Utfall", "31"),
                                           3, "Vekt", "")))
    [outcome] = ingest_landing(users, progress=quiet)
    assert outcome.status == "loaded"
    shutil.rmtree(users.landing / "user_survey_sample")
    cases = interview_cases()
    cases[0]["Q4"] = 6.0  # other bytes than the loaded file
    landed = write_interviews(users, "2014-06-r2", interview_sav(cases))
    ingest_rejected(users, landed, (
        f"{INTERVIEW_FILE} row 4, column LOPENR: serial 512348 has disposition 31 (Nektet: ikke "
        "interessert i temaet) in the gross sample of wave 2014 (user_survey_sample delivery "
        "2014-03-r2), not an interview (50 or 60)"))


def test_interviews_before_any_gross_sample_are_refused(tmp_path):
    paths = Paths(tmp_path)
    load.create_raw_tables(paths.build_db, list(contracts().values()))
    outcome = ingest_rejected(paths, write_interviews(paths), (
        f"{INTERVIEW_FILE} column LOPENR: cannot be checked: the gross sample of wave 2014 is "
        "not loaded (no user_survey_sample delivery of wave 2014); deliver and load it first"))
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert "rows:    rows are numbered as a spreadsheet shows the data: row 1 holds the " \
        "variable names, the first case is row 2 (SPSS Data View case n = row n + 1)" in reason
    assert "To fix: load the gross sample of wave 2014 first (landing/user_survey_sample/), then " \
        "move this folder back to landing/user_survey_interviews/2014-06/" in reason
    # the file was fine: after the gross sample, the same folder moved back loads
    write_gross_sample(paths)
    (outcome.quarantine_dir / "REASON.txt").unlink()
    (outcome.quarantine_dir / "validation.json").unlink()
    shutil.move(outcome.quarantine_dir, paths.landing / "user_survey_interviews" / "2014-06")
    outcomes = ingest_landing(paths, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("user_survey_sample", "loaded"), ("user_survey_interviews", "loaded")]


# --- refusing bad deliveries ---------------------------------------------------------------

def _interviews(change=None, delivery_id="2014-06-r2", file_name=INTERVIEW_FILE, **sav):
    def write(paths):
        cases = interview_cases()
        if change:
            change(cases)
        return write_interviews(paths, delivery_id, interview_sav(cases, **sav), file_name)
    return write


def _truncated_sav(paths):
    data = interview_sav()
    return write_interviews(paths, "2014-06-r2", data[: len(data) - 40])


def _gross(rows):
    return lambda paths: write_gross_sample(paths, "2014-03-r2", gross_csv(rows))


def _set(row, variable, value):
    return lambda cases: cases[row].update({variable: value})


BAD_DELIVERIES = {
    "sav_without_value_labels": (
        _interviews(without_labels=["Q4"]),
        f"{INTERVIEW_FILE} column Q4: no value labels in the file; the agency's labels are "
        "required to decode answers"),
    "sav_unknown_code": (
        _interviews(_set(1, "Q4", 7.0)),
        f"{INTERVIEW_FILE} row 3, column Q4: '7' is not an answer code of scale_extent (1, 2, "
        "3, 4, 5, 6, 8 vet ikke, 9 ikke aktuelt) or system-missing"),
    "sav_serial_not_in_gross_sample": (
        _interviews(_set(2, "LOPENR", 599999.0)),
        f"{INTERVIEW_FILE} row 4, column LOPENR: serial 599999 is not in {WHERE}"),
    "sav_serial_not_interviewed": (
        _interviews(_set(2, "LOPENR", 512347.0)),
        f"{INTERVIEW_FILE} row 4, column LOPENR: serial 512347 has disposition 31 (Nektet: ikke "
        f"interessert i temaet) in {WHERE}, not an interview (50 or 60)"),
    "sav_wave_without_gross_sample": (
        _interviews(delivery_id="2015-06", file_name="personbruker_oppfolging_2015.sav"),
        "personbruker_oppfolging_2015.sav column LOPENR: cannot be checked: the gross sample of "
        "wave 2015 is not loaded"),
    "sav_of_another_wave": (
        _interviews(file_name="personbruker_oppfolging_2015.sav"),
        "personbruker_oppfolging_2015.sav: the file name says 2015, but the delivery folder "
        "2014-06-r2 says 2014; a file goes in the folder of its own wave, e.g. "
        "landing/user_survey_interviews/2015-MM/"),
    "gross_sample_of_another_month": (
        lambda paths: write_gross_sample(paths, "2014-03-r2",
                                         file_name="bruttoutvalg_oppfolging_2014-04.csv"),
        "bruttoutvalg_oppfolging_2014-04.csv: the file name says 2014-04, but the delivery "
        "folder 2014-03-r2 says 2014-03"),
    "sav_truncated": (
        _truncated_sav,
        f"{INTERVIEW_FILE}: is not a readable SPSS .sav file, it may be corrupt or truncated"),
    "sav_national_id": (
        _interviews(_set(1, "LOPENR", float(FAKE_NATIONAL_IDS[1]))),
        f"{INTERVIEW_FILE} row 3, column LOPENR: holds an 11-digit number: {NATIONAL_ID_TEXT}"),
    "gross_unknown_disposition": (
        _gross(with_cell(GROSS_ROWS, 1, "Utfall", "99")),
        f"{GROSS_FILE} row 3, column Utfall: '99' is not a disposition code (10, 15, 20, 31, 32, "
        "33, 41, 42, 43, 50, 60)"),
    "gross_weight_for_a_refusal": (
        _gross(with_cell(GROSS_ROWS, 2, "Vekt", "1,1")),
        f"{GROSS_FILE} row 4, column Vekt: '1,1' is filled in, but Vekt is only for interviewed "
        "persons (Utfall 50 or 60)"),
    "gross_lower_case_country": (
        _gross(with_cell(GROSS_ROWS, 0, "Fødeland", "nor")),
        f"{GROSS_FILE} row 2, column Fødeland: 'nor' is not an ISO 3166 alpha-3 country code"),
    "gross_national_id": (
        _gross(with_cell(GROSS_ROWS, 4, "Løpenr", FAKE_NATIONAL_IDS[0])),
        f"{GROSS_FILE} row 6, column Løpenr: holds an 11-digit number: {NATIONAL_ID_TEXT}"),
    "register_national_id": (  # every source, and the way it is usually written
        lambda paths: write_register(paths, "2014-08-r2", register_csv(
            with_cell(REGISTER_ROWS, 1, "Enhetsnavn", f"NAV Bodø {FAKE_NATIONAL_IDS[2]}",
                      REGISTER_HEADER))),
        f"avd_kontorliste_2014-08.csv row 3, column Enhetsnavn: holds an 11-digit number: "
        f"{NATIONAL_ID_TEXT}"),
}


@pytest.mark.parametrize("case", BAD_DELIVERIES)
def test_bad_delivery_is_quarantined_and_nothing_is_loaded(users, case):
    write, expected = BAD_DELIVERIES[case]
    outcome = ingest_rejected(users, write(users), expected)
    if "national_id" in case:  # named, never repeated: not in the log, REASON.txt or the result
        texts = [(outcome.quarantine_dir / name).read_text("utf-8")
                 for name in ("REASON.txt", "validation.json")]
        texts += [str(row) for row in load_log(users)]
        assert not any(fnr in text for fnr in FAKE_NATIONAL_IDS for text in texts)


def test_sav_problems_are_all_listed(users):
    cases = interview_cases()
    cases[0]["Q4"], cases[1]["Q6ANT"], cases[2]["UTD"] = 7.0, 0.0, 5.0
    cases[2]["LOPENR"] = cases[0]["LOPENR"]
    landed = write_interviews(users, "2014-06-r2", interview_sav(cases, without_labels=["Q9"]))
    [outcome] = ingest_landing(users, progress=quiet)
    assert outcome.message == f"{INTERVIEW_FILE} column Q9: no value labels in the file; the " \
        "agency's labels are required to decode answers"
    assert not landed.exists()
    write_interviews(users, "2014-06-r3", interview_sav(cases))
    [outcome] = ingest_landing(users, progress=quiet)
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert outcome.message == (f"{INTERVIEW_FILE} row 2, column LOPENR: '512345' occurs more "
                               "than once (rows 2, 4), but it is the key")
    for line in [
            "row 2, column Q4: '7' is not an answer code of scale_extent (1, 2, 3, 4, 5, 6, "
            "8 vet ikke, 9 ikke aktuelt) or system-missing",
            "row 3, column Q6ANT: '0' is not a count (a whole number, 1 or more) or "
            "system-missing",
            "row 4, column LOPENR: '512345' occurs more than once (rows 2, 4), but it is the key",
            "row 4, column UTD: '5' is not an answer code of education (1, 2, 3, 4, 8 vet ikke) "
            "or system-missing"]:
        assert f"  - {INTERVIEW_FILE} {line}\n" in reason


def test_refused_carries_every_problem():
    contract = user_survey_interviews()
    data = interview_sav(without_labels=["Q4", "Q5"])
    with pytest.raises(Refused) as refused:
        read_delivery(data, contract.formats[0], contract)
    assert [(v.row, v.column) for v in refused.value.violations] == [(None, "Q4"), (None, "Q5")]


def test_raw_layer_has_the_part_2_tables(users):
    assert set(raw_tables(users)) >= {
        "raw.user_survey_sample__gross_sample", "raw.user_survey_interviews__interviews",
        "raw.user_survey_interviews__variables", "raw.user_survey_interviews__value_labels"}
    types = dict(query(users, "select column_name, data_type from information_schema.columns "
                              "where table_schema = 'raw' "
                              "and table_name = 'user_survey_interviews__interviews'"))
    assert types["q4"] == "VARCHAR" and types["lopenr"] == "VARCHAR"
    assert types["loaded_row_number"] == "INTEGER"


def test_every_failing_row_is_counted_beyond_the_200_gx_lists(users):
    rows = [[f"{600000 + i}", "31", "X", "1980-01-01", "DAGP", "", "", "1", "", "", ""]
            for i in range(250)]
    write_gross_sample(users, "2014-03-r2", gross_csv(rows))
    [outcome] = ingest_landing(users, progress=quiet)
    assert outcome.message == f"{GROSS_FILE} row 2, column Kjønn: 'X' is not K or M"
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert "more problems (10 of 249 shown):" in reason
