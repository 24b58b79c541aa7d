"""Ingest, Part 3: the follow-up survey. The frame (NAV's draw, national ids pseudonymised on
ingest, or a frame the warehouse's own sampling wrote with person keys already) and the returned
questionnaires, checked against the frame of their wave and against the item codebook seed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ingest_fixtures import (
    isolate_from_environment,
    ANSWERS_FILE,
    FRAME_FILE,
    FRAME_HEADER,
    FRAME_ROWS,
    P1,
    P2,
    P3,
    P5,
    answer_rows,
    answers_csv,
    answers_header,
    delivery_dir,
    fnr,
    frame_csv,
    ingest_rejected,
    load_log,
    query,
    quiet,
    raw_snapshot,
    write_answers,
    write_frame,
)
from nav_placement.ingest import ingest_landing, load
from nav_placement.ingest.contracts import (
    Refused,
    contracts,
    followup_answers,
    followup_frame,
    national_id_violations,
)
from nav_placement.ingest.deliveries import landing_deliveries
from nav_placement.paths import SEEDS_DIR, Paths
from nav_placement.pseudonymise import key_fingerprint, person_key, valid_fnr

KEY = "test-key-of-the-follow-up-warehouse-0123456789"
FNRS = (P1, P2, P3, P5)
NOT_REPEATED = "(11 digits, a real birth date, valid check digits; the value is not repeated here)"
FRAME_WHERE = "the frame of wave 2014 (followup_frame delivery 2014-05)"


@pytest.fixture(autouse=True)
def _own_paths(monkeypatch, tmp_path):
    """Paths(tmp_path) must not be redirected by a developer's environment; the key is the
    test's (never the developer's key file)."""
    isolate_from_environment(monkeypatch, tmp_path, KEY)


@pytest.fixture(scope="session")
def followup_db(tmp_path_factory) -> Path:
    """build.duckdb after the good frame (2014-05) and answers (2014-09), both put in landing
    at once: the frame loads first."""
    paths = Paths(tmp_path_factory.mktemp("followup"))
    write_answers(paths)
    write_frame(paths)
    with pytest.MonkeyPatch.context() as mp:
        for name in ("NAV_DATA_DIR", "NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB"):
            mp.delenv(name, raising=False)
        mp.setenv("NAV_PSEUDONYM_KEY", KEY)
        outcomes = ingest_landing(paths, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("followup_frame", "loaded"), ("followup_answers", "loaded")], outcomes
    return paths.build_db


@pytest.fixture
def followup(tmp_path, followup_db) -> Paths:
    """A test's own warehouse holding the good frame and answers, landing empty."""
    paths = Paths(tmp_path / "data")
    paths.build_db.parent.mkdir(parents=True)
    shutil.copy(followup_db, paths.build_db)
    return paths


def keyed(number: str) -> str:
    return person_key(number, KEY.encode())


def _columns(paths: Paths, table: str) -> dict[str, str]:
    return dict(query(paths, "select column_name, data_type from information_schema.columns "
                             f"where table_schema = 'raw' and table_name = '{table}' "
                             "order by ordinal_position"))


# --- contracts ------------------------------------------------------------------------------

def test_frame_contract_follows_the_design():
    contract = followup_frame()
    assert [(c.header, c.name) for c in contract.columns] == [
        ("lopenr", "survey_serial"), ("fnr", "person_key"), ("avgangsmaned", "exit_month"),
        ("stratum", "stratum_code"), ("invitert", "invited_code")]
    assert contract.raw_table == "raw.followup_frame__frame"
    assert contract.key == "survey_serial" and contract.parent is None
    assert [c.header for c in contract.national_id_columns] == ["fnr"]
    assert contract.column("person_key").instead.header == "person_key"
    assert contract.column("stratum_code").allowed == {"ARBS", "NEDS"}
    assert contract.column("invited_code").allowed == {"1", "0"}
    assert contract.file_format(FRAME_FILE) is contract.formats[0]
    assert contract.formats[0].encodings == ("utf-8-sig",)
    assert contract.file_format("oppfolging_utvalg_2014.csv") is None
    # a frame the warehouse's sampling wrote: person_key delivered in place of fnr
    as_keys = contract.as_delivered(["lopenr", "person_key", "avgangsmaned"])
    assert [c.header for c in as_keys.columns] == ["lopenr", "person_key", "avgangsmaned",
                                                   "stratum", "invitert"]
    assert as_keys.column("person_key").pattern == r"^[0-9a-f]{32}$"
    assert not as_keys.national_id_columns
    assert as_keys.raw_table == contract.raw_table
    assert contract.as_delivered(FRAME_HEADER) is contract


def test_answers_contract_has_every_item_of_the_codebook_with_its_codes():
    contract = followup_answers()
    items = pd.read_csv(SEEDS_DIR / "codes" / "followup_items.csv", dtype=str,
                        keep_default_na=False)
    assert [c.header for c in contract.columns] == ["lopenr", "svarmodus", "mottatt",
                                                    *items["item_code"]]
    assert [c.name for c in contract.columns[:3]] == ["survey_serial", "response_mode",
                                                      "received_date"]
    assert all(c.header == c.name for c in contract.columns[3:])  # delivered = raw, lower case
    assert contract.raw_table == "raw.followup_answers__answers"
    assert contract.key == "survey_serial"
    assert (contract.parent.source, contract.parent.key) == ("followup_frame", "survey_serial")
    assert contract.parent.condition is None  # not-invited persons may answer too
    codes = {c.name: c.allowed for c in contract.columns}
    assert codes["response_mode"] == {"papir", "web"}
    assert codes["q01"] == set("123456") and codes["q02"] == {"1", "2"}
    assert codes["q04"] == {str(n) for n in range(1, 100)}
    assert codes["q06a"] == set("1234567") and codes["q10"] == set("12345678")
    assert codes["q12b_15"] == set("12345678") and "q12b_16" not in codes
    assert codes["q13a"] == {str(n) for n in range(1, 14)}
    assert codes["q07_13"] == codes["q12a_16"] == codes["q14_4"] == {"1"}
    assert codes["q15_dag"] == {str(n) for n in range(1, 32)}
    assert codes["q15_mnd"] == {str(n) for n in range(1, 13)}
    assert codes["q15_ar"] == {"13", "14"}
    assert all(c.nullable for c in contract.columns[3:])  # empty: not answered
    expected = {
        "q01": r"^q\d{2}$", "q06a": r"^q06[abc]$", "q07_01": r"^q07_(0[1-9]|1[0-3])$",
        "q08_01": r"^q08_(0[1-9]|1[0-4])$", "q09_01": r"^q09_(0[1-9]|1[0-4])$",
        "q12a_01": r"^q12a_(0[1-9]|1[0-6])$", "q12b_01": r"^q12b_(0[1-9]|1[0-5])$",
        "q13a": r"^q13[ab]$", "q14_1": r"^q14_[1-4]$", "q15_dag": r"^q15_(dag|mnd|ar)$"}
    for pattern in expected.values():
        assert any(re.fullmatch(pattern, code) for code in items["item_code"])
    assert len(items) == 5 + 3 + 13 + 14 + 14 + 2 + 16 + 15 + 2 + 4 + 3
    assert set(items["question"]) == {f"q{n:02d}" for n in range(1, 16)}
    assert all(i["item_code"].startswith(i["question"]) for _, i in items.iterrows())


SEED_HEADER = "item_code,question,item_kind,valid_codes,min_value,max_value,column_name," \
    "label_nb,label_en\n"


@pytest.mark.parametrize(("row", "problem"), [
    ("q01,q01,yes_no,1|2,,,q01_x,a,b", "followup_items.csv item q01: unknown item_kind 'yes_no'"),
    ("q04,q04,hours,,1,,q04_x,a,b", "followup_items.csv item q04: give either valid_codes or "
                                   "min_value and max_value"),
    ("q04,q04,hours,1|2,1,99,q04_x,a,b", "followup_items.csv item q04: give either"),
    ("q02,q02,single,1|ja,,,q02_x,a,b", "followup_items.csv item q02: valid_codes '1|ja' is not "
                                       "whole numbers"),
    ("q02,q02,single,1|2,,,q02_x,a,b\nq02,q02,single,1|2,,,q02_y,a,b",
     "followup_items.csv: delivered column q02 is listed more than once"),
])
def test_a_bad_codebook_is_an_error_naming_the_seed(tmp_path, row, problem):
    (tmp_path / "codes").mkdir()
    (tmp_path / "codes" / "followup_items.csv").write_text(SEED_HEADER + row + "\n",
                                                           encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(problem)):
        followup_answers(tmp_path)


def test_landing_loads_frames_before_answers(tmp_path):
    paths = Paths(tmp_path)
    for source, delivery_id in [("followup_answers", "2014-09"), ("followup_frame", "2014-05"),
                                ("followup_answers", "2014-09-r2"),
                                ("followup_frame", "2015-05")]:
        delivery_dir(paths, source, delivery_id)
    assert [(s, d.name) for s, d in landing_deliveries(paths)] == [
        ("followup_frame", "2014-05"), ("followup_frame", "2015-05"),
        ("followup_answers", "2014-09"), ("followup_answers", "2014-09-r2")]


# --- loading --------------------------------------------------------------------------------

def test_frame_and_answers_load_with_person_keys_and_no_national_id(followup):
    frame_columns = _columns(followup, "followup_frame__frame")
    assert list(frame_columns)[:5] == ["survey_serial", "person_key", "exit_month",
                                       "stratum_code", "invited_code"]
    assert "fnr" not in frame_columns
    assert set(frame_columns.values()) == {"VARCHAR", "INTEGER", "TIMESTAMP"}
    assert frame_columns["loaded_wave"] == "INTEGER"
    rows = query(followup, "select survey_serial, person_key, exit_month, stratum_code, "
                           "invited_code, loaded_delivery_id, loaded_wave, loaded_file_name, "
                           "loaded_row_number from raw.followup_frame__frame order by 1")
    assert rows == [(r[0], keyed(r[1]), *r[2:], "2014-05", 2014, FRAME_FILE, i + 2)
                    for i, r in enumerate(FRAME_ROWS)]

    answer_columns = _columns(followup, "followup_answers__answers")
    assert list(answer_columns)[:4] == ["survey_serial", "response_mode", "received_date", "q01"]
    items = [h for h in answers_header()[3:]]
    assert all(answer_columns[i] == "VARCHAR" for i in items)
    selected = ", ".join(["survey_serial", "response_mode", "received_date", *items])
    rows = query(followup, f"select {selected}, loaded_delivery_id, loaded_wave, "
                           "loaded_row_number from raw.followup_answers__answers order by 1")
    assert rows == [(*(r[h] or None for h in answers_header()), "2014-09", 2014, i + 2)
                    for i, r in enumerate(answer_rows())]
    # the answers join the frame, and through person_key the registers
    assert query(followup, "select a.survey_serial, f.person_key from "
                           "raw.followup_answers__answers a join raw.followup_frame__frame f "
                           "using (survey_serial) order by 1") == [
        ("700001", keyed(P1)), ("700002", keyed(P2)), ("700003", keyed(P3))]
    assert query(followup, "select key_fingerprint from raw.pseudonym_key") == [
        (key_fingerprint(KEY.encode()),)]
    messages = [r[7] for r in load_log(followup)]
    assert messages == [
        f"loaded 4 rows from {FRAME_FILE} (fnr replaced by person_key)",
        f"loaded 3 rows from {ANSWERS_FILE}, every serial checked against followup_frame "
        "delivery 2014-05"]


def test_reingesting_frame_and_answers_changes_nothing(followup):
    before, log_before = raw_snapshot(followup), load_log(followup)
    write_frame(followup)
    write_answers(followup)
    outcomes = ingest_landing(followup, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("followup_frame", "already_loaded"), ("followup_answers", "already_loaded")]
    assert raw_snapshot(followup) == before and load_log(followup) == log_before


def _key_frame(rows=FRAME_ROWS) -> bytes:
    """The frame as the warehouse's sampling command writes it: person_key, no fnr."""
    return frame_csv([[r[0], keyed(r[1]), *r[2:]] for r in rows],
                     ["lopenr", "person_key", "avgangsmaned", "stratum", "invitert"])


def test_a_frame_of_person_keys_loads_and_answers_are_checked_against_it(followup):
    rows = [["800001", P1, "2014-02", "ARBS", "1"], ["800002", P5, "2014-11", "NEDS", "0"]]
    write_frame(followup, "2015-05", _key_frame(rows))
    answers = [{**answer_rows()[0], "lopenr": "800002"}]
    write_answers(followup, "2015-09", answers_csv(answers))
    frame, answered = ingest_landing(followup, progress=quiet)
    assert (frame.status, frame.row_count) == ("loaded", 2), frame.message
    assert frame.message == ("loaded 2 rows from oppfolging_utvalg_2015-05.csv (person_key "
                             "delivered in place of fnr)")
    assert (answered.status, answered.row_count) == ("loaded", 1), answered.message
    assert query(followup, "select survey_serial, person_key, loaded_wave from "
                           "raw.followup_frame__frame where loaded_delivery_id = '2015-05' "
                           "order by 1") == [("800001", keyed(P1), 2015),
                                             ("800002", keyed(P5), 2015)]
    # the same person, the same key, whether NAV's draw or the warehouse's sampling
    assert query(followup, "select count(distinct survey_serial) from raw.followup_frame__frame "
                           f"where person_key = '{keyed(P1)}'") == [(2,)]


def test_a_person_key_that_looks_like_it_holds_a_national_id_is_still_a_key(followup):
    """32 hex digits hold an 11-digit run by chance in about 2% of keys: not a national id."""
    lucky = "ab01019012345cd" + "0" * 17
    assert re.fullmatch(r"[0-9a-f]{32}", lucky)
    contract = followup_frame().as_delivered(["lopenr", "person_key"])
    frame = pd.DataFrame({"lopenr": ["800001", "800002"], "person_key": [lucky, P1]},
                         index=[2, 3], dtype=object)
    assert [(v.row, v.column) for v in national_id_violations(frame, contract)] == [
        (3, "person_key")]  # a national id where a key belongs is still refused
    rows = [["800001", lucky, "2014-02", "ARBS", "1"]]
    write_frame(followup, "2015-05", frame_csv(rows, ["lopenr", "person_key", "avgangsmaned",
                                                      "stratum", "invitert"]))
    [outcome] = ingest_landing(followup, progress=quiet)
    assert outcome.status == "loaded", outcome.message


# --- refusing bad deliveries ----------------------------------------------------------------

def _with_digit(number: str, position: int, digit: int) -> str:
    return number[:position] + str(digit) + number[position + 1:]


BAD_CHECK_DIGIT = _with_digit(P2, 10, (int(P2[10]) + 1) % 10)
BAD_DATE = fnr(31, 4, 1985, 200)
R2_FRAME = "oppfolging_utvalg_2014-05.csv"


def _frame(row: int, column: str, value: str, header=FRAME_HEADER):
    """The good frame with one cell changed (row 0 = spreadsheet row 2), as 2014-05-r2."""
    def write(paths):
        rows = [[keyed(r[1]) if h == "person_key" and c == r[1] else c
                 for h, c in zip(header, r)] for r in FRAME_ROWS]
        rows[row][header.index(column)] = value
        return write_frame(paths, "2014-05-r2", frame_csv(rows, header))
    return write


def _answer(row: int, column: str, value: str, delivery_id: str = "2014-09-r2"):
    """The good answers with one cell changed (row 0 = spreadsheet row 2)."""
    def write(paths):
        rows = answer_rows()
        rows[row][column] = value
        return write_answers(paths, delivery_id, answers_csv(rows))
    return write


KEY_HEADER = ["lopenr", "person_key", "avgangsmaned", "stratum", "invitert"]

BAD_DELIVERIES = {
    "wrong_check_digits": (
        _frame(1, "fnr", BAD_CHECK_DIGIT),
        f"{R2_FRAME} row 3, column fnr: is not a valid fødselsnummer: wrong check digits "
        f"{NOT_REPEATED}"),
    "no_real_birth_date": (
        _frame(0, "fnr", BAD_DATE),
        f"{R2_FRAME} row 2, column fnr: is not a valid fødselsnummer: no real birth date "
        f"{NOT_REPEATED}"),
    "fnr_empty": (
        _frame(3, "fnr", ""),
        f"{R2_FRAME} row 5, column fnr: is empty, but a fødselsnummer is required"),
    "serial_not_6_digits": (
        _frame(0, "lopenr", "70001"),
        f"{R2_FRAME} row 2, column lopenr: '70001' is not a 6-digit survey serial"),
    "serial_twice": (
        _frame(2, "lopenr", "700001"),
        f"{R2_FRAME} row 2, column lopenr: '700001' occurs more than once (rows 2, 4), but it "
        "is the key"),
    "not_a_month": (
        _frame(0, "avgangsmaned", "2013-13"),
        f"{R2_FRAME} row 2, column avgangsmaned: '2013-13' is not a month YYYY-MM (01-12)"),
    "unknown_stratum": (
        _frame(1, "stratum", "NEDSATT"),
        f"{R2_FRAME} row 3, column stratum: 'NEDSATT' is not ARBS (job seeker) or NEDS (reduced "
        "work capacity)"),
    "invited_yes": (
        _frame(1, "invitert", "ja"),
        f"{R2_FRAME} row 3, column invitert: 'ja' is not 1 (invited) or 0 (not invited)"),
    "national_id_in_another_frame_column": (
        _frame(1, "stratum", P5),
        f"{R2_FRAME} row 3, column stratum: holds an 11-digit number: looks like a "
        "fødselsnummer"),
    "both_fnr_and_person_key": (
        lambda paths: write_frame(paths, "2014-05-r2", frame_csv(
            [r + [keyed(r[1])] for r in FRAME_ROWS], FRAME_HEADER + ["person_key"])),
        f"{R2_FRAME} row 1, column person_key: is delivered together with fnr; a frame file has "
        "exactly one of the two"),
    "neither_fnr_nor_person_key": (
        lambda paths: write_frame(paths, "2014-05-r2", frame_csv(
            [[r[0], *r[2:]] for r in FRAME_ROWS], ["lopenr", *FRAME_HEADER[2:]])),
        f"{R2_FRAME} row 1, column fnr: is missing from the header (nor is person_key, which may "
        "be delivered in its place: exactly one of the two is required)"),
    "person_key_not_a_key": (
        _frame(0, "person_key", "5AD4041DE43A669A8C70A34B47B0E638", KEY_HEADER),
        f"{R2_FRAME} row 2, column person_key: '5AD4041DE43A669A8C70A34B47B0E638' is not a "
        "person key (32 lowercase hex digits, as the warehouse's sampling writes it)"),
    "fnr_in_the_person_key_column": (
        _frame(2, "person_key", P3, KEY_HEADER),
        f"{R2_FRAME} row 4, column person_key: holds an 11-digit number: looks like a "
        "fødselsnummer"),
    "answer_serial_not_in_the_frame": (
        _answer(1, "lopenr", "799999"),
        f"{ANSWERS_FILE} row 3, column lopenr: serial 799999 is not in {FRAME_WHERE}"),
    "answer_serial_twice": (
        _answer(2, "lopenr", "700001"),
        f"{ANSWERS_FILE} row 2, column lopenr: '700001' occurs more than once (rows 2, 4), but "
        "it is the key"),
    "scale_code_out_of_range": (
        _answer(0, "q10", "9"),
        f"{ANSWERS_FILE} row 2, column q10: '9' is not an answer code of q10 (1, 2, 3, 4, 5, 6, "
        "7, 8) or empty"),
    "q6_has_no_dont_know": (
        _answer(0, "q06b", "8"),
        f"{ANSWERS_FILE} row 2, column q06b: '8' is not an answer code of q06b (1, 2, 3, 4, 5, "
        "6, 7) or empty"),
    "single_choice_out_of_range": (
        _answer(1, "q02", "3"),
        f"{ANSWERS_FILE} row 3, column q02: '3' is not an answer code of q02 (1, 2) or empty"),
    "band_with_a_leading_zero": (
        _answer(0, "q13a", "06"),
        f"{ANSWERS_FILE} row 2, column q13a: '06' is not an answer code of q13a (1, 2, 3, 4, 5, "
        "6, 7, 8, 9, 10, 11, 12, 13) or empty"),
    "hours_out_of_range": (
        _answer(0, "q04", "100"),
        f"{ANSWERS_FILE} row 2, column q04: '100' is not whole hours 1-99 or empty"),
    "hours_not_whole": (
        _answer(0, "q04", "37,5"),
        f"{ANSWERS_FILE} row 2, column q04: '37,5' is not whole hours 1-99 or empty"),
    "box_not_ticked_with_1": (
        _answer(1, "q07_11", "X"),
        f"{ANSWERS_FILE} row 3, column q07_11: 'X' is not 1 (box ticked) or empty (not ticked)"),
    "day_out_of_range": (
        _answer(0, "q15_dag", "32"),
        f"{ANSWERS_FILE} row 2, column q15_dag: '32' is not a number 1-31 or empty"),
    "four_digit_year": (
        _answer(0, "q15_ar", "2014"),
        f"{ANSWERS_FILE} row 2, column q15_ar: '2014' is not a number (13, 14) or empty"),
    "unknown_response_mode": (
        _answer(0, "svarmodus", "telefon"),
        f"{ANSWERS_FILE} row 2, column svarmodus: 'telefon' is not papir or web"),
    "received_not_a_date": (
        _answer(2, "mottatt", "2014-06-31"),
        f"{ANSWERS_FILE} row 4, column mottatt: '2014-06-31' is not a date in the calendar"),
    "national_id_in_an_answer_column": (
        _answer(0, "q04", P1),
        f"{ANSWERS_FILE} row 2, column q04: holds an 11-digit number: looks like a "
        "fødselsnummer"),
    "missing_item_column": (
        lambda paths: write_answers(paths, "2014-09-r2", answers_csv(
            header=[h for h in answers_header() if h != "q12b_15"])),
        f"{ANSWERS_FILE} row 1, column q12b_15: is missing from the header"),
}


@pytest.mark.parametrize("case", BAD_DELIVERIES)
def test_bad_delivery_is_quarantined_and_nothing_is_loaded(followup, case):
    write, expected = BAD_DELIVERIES[case]
    outcome = ingest_rejected(followup, write(followup), expected)
    texts = [(outcome.quarantine_dir / name).read_text("utf-8")
             for name in ("REASON.txt", "validation.json")] + [str(r) for r in load_log(followup)]
    for number in (*FNRS, BAD_CHECK_DIGIT, BAD_DATE):
        assert not any(number in text for text in texts), (case, number)


def test_a_wrong_check_digit_refuses_the_frame_and_keeps_the_earlier_loads(followup):
    frame_before = query(followup, "select * from raw.followup_frame__frame order by all")
    answers_before = query(followup, "select * from raw.followup_answers__answers order by all")
    rows = [list(r) for r in FRAME_ROWS]
    rows[0][1], rows[3][1] = BAD_CHECK_DIGIT, BAD_DATE
    rows[1][3] = "XX"  # a contract problem too: not reached, the national ids come first
    landed = write_frame(followup, "2014-05-r2", frame_csv(rows))
    outcome = ingest_rejected(followup, landed, f"{R2_FRAME} row 2, column fnr: is not a valid "
                                                "fødselsnummer: wrong check digits")
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert f"  - {R2_FRAME} row 5, column fnr: is not a valid fødselsnummer: no real birth " \
        "date" in reason
    assert "'XX'" not in reason and BAD_CHECK_DIGIT not in reason and BAD_DATE not in reason
    result = json.loads((outcome.quarantine_dir / "validation.json").read_text("utf-8"))
    assert result["stage"] == "national_id"
    assert [(v["row"], v["column"]) for v in result["violations"]] == [(2, "fnr"), (5, "fnr")]
    # the earlier frame and answers are as they were, and still the latest of the wave
    assert query(followup, "select * from raw.followup_frame__frame order by all") == \
        frame_before
    assert query(followup, "select * from raw.followup_answers__answers order by all") == \
        answers_before
    assert load.latest_delivery(followup.build_db, "followup_frame", 2014) == "2014-05"


def test_answers_are_checked_against_the_latest_frame_of_the_wave(followup):
    rows = [r for r in FRAME_ROWS if r[0] != "700002"]
    landed = write_frame(followup, "2014-05-r2", frame_csv(rows))
    [outcome] = ingest_landing(followup, progress=quiet)
    assert outcome.status == "loaded"
    shutil.rmtree(landed)
    ingest_rejected(followup, write_answers(followup, "2014-09-r2"), (
        f"{ANSWERS_FILE} row 3, column lopenr: serial 700002 is not in the frame of wave 2014 "
        "(followup_frame delivery 2014-05-r2)"))


def test_answers_of_another_wave_are_not_checked_against_this_frame(followup):
    ingest_rejected(followup, write_answers(followup, "2015-09", answers_csv()), (
        "oppfolging_svar_2015-09.csv column lopenr: cannot be checked: the frame of wave 2015 is "
        "not loaded (no followup_frame delivery of wave 2015); deliver and load it first"))


def test_answers_before_any_frame_are_refused_and_can_come_back(tmp_path):
    paths = Paths(tmp_path)
    load.create_raw_tables(paths.build_db, list(contracts().values()))
    outcome = ingest_rejected(paths, write_answers(paths), (
        f"{ANSWERS_FILE} column lopenr: cannot be checked: the frame of wave 2014 is not loaded"))
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert "To fix: load the frame of wave 2014 first (landing/followup_frame/)" in reason
    write_frame(paths)
    shutil.move(outcome.quarantine_dir, paths.landing / "followup_answers" / "2014-09")
    for name in ("REASON.txt", "validation.json"):
        (paths.landing / "followup_answers" / "2014-09" / name).unlink()
    outcomes = ingest_landing(paths, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        ("followup_frame", "loaded"), ("followup_answers", "loaded")]


def test_a_refused_frame_never_repeats_a_national_id(followup):
    """Everything a refusal writes (REASON.txt, validation.json, load_log) and everything loaded
    holds no delivered fødselsnummer, valid or not."""
    _frame(1, "fnr", BAD_CHECK_DIGIT)(followup)
    outcomes = ingest_landing(followup, progress=quiet)
    _frame(2, "stratum", "XX")(followup)  # a contract problem: its result lists person keys
    outcomes += ingest_landing(followup, progress=quiet)
    assert [o.status for o in outcomes] == ["rejected", "rejected"]
    texts = [str(r) for r in load_log(followup)]
    texts += [str(v) for rows in raw_snapshot(followup).values() for v in rows]
    for folder in followup.quarantine.glob("*/*"):
        texts += [(folder / name).read_text("utf-8") for name in ("REASON.txt",
                                                                  "validation.json")]
    leaks = [n for n in (*FNRS, BAD_CHECK_DIGIT) for text in texts if n in text]
    assert leaks == []
    tokens = [m[0] for text in texts
              for m in re.finditer(r"(?<![0-9A-Za-z])\d{11}(?![0-9A-Za-z])", text)]
    assert [t for t in tokens if valid_fnr(t)] == []


def test_both_id_columns_are_refused_before_any_check(followup):
    contract = followup_frame()
    with pytest.raises(Refused) as refused:
        contract.as_delivered(FRAME_HEADER + ["person_key"])
    assert (refused.value.violation.row, refused.value.violation.column) == (1, "person_key")


def test_every_follow_up_source_is_known_to_ingest():
    assert {"followup_frame", "followup_answers"} <= set(contracts())
