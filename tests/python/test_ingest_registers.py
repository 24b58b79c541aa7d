"""Ingest, Part 3: NAV's register extracts, their national ids checked and pseudonymised before
anything is stored, and the column-wise evaluation of the contract suite that lets an extract of
millions of rows through in seconds."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
import shutil
import stat
import threading
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from ingest_fixtures import (
    isolate_from_environment,
    P1,
    P2,
    P3,
    P4,
    P5,
    PERSON_FNRS,
    REGISTER_EXTRACTS,
    extract_csv,
    extract_file,
    extract_rows,
    fnr,
    ingest_rejected,
    load_log,
    measure_register_ingest,
    query,
    quiet,
    raw_snapshot,
    write_all_extracts,
    write_extract,
    write_synthetic_arena,
)
from nav_placement.ingest import LoadFailed, ingest_landing
from nav_placement.ingest.contracts import (
    contracts,
    office_register,
    register_aa,
    register_arena,
    register_benefits,
    register_persons,
    register_residence,
    user_survey_sample,
)
from nav_placement.ingest.deliveries import pseudonymised
from nav_placement.ingest.readers import csv_rows, plain_csv_frame, read_table, to_frame
from nav_placement.ingest.validation import _checker, evaluate, validate
from nav_placement.paths import PROJECT_ROOT, SEEDS_DIR, Paths
from nav_placement.pseudonymise import (
    DEFAULT_KEY_FILE,
    PseudonymKeyError,
    key_file,
    key_fingerprint,
    load_key,
    make_fnr,
    person_key,
    person_keys,
    valid_fnr,
)

KEY = "test-key-of-the-register-warehouse-0123456789"
OTHER_KEY = "another-key-entirely-9876543210-abcdefghijkl"
NOT_REPEATED = "(11 digits, a real birth date, valid check digits; the value is not repeated here)"
ARENA = extract_file("register_arena")
PERSONS = extract_file("register_persons")
RAW_TABLES = {
    "register_persons": "raw.register_persons__persons",
    "register_arena": "raw.register_arena__status_spells",
    "register_aa": "raw.register_aa__employment_spells",
    "register_benefits": "raw.register_benefits__benefit_spells",
    "register_residence": "raw.register_residence__events",
}


@pytest.fixture(autouse=True)
def _own_paths(monkeypatch, tmp_path):
    """Paths(tmp_path) must not be redirected by a developer's environment; the key is the
    test's (never the developer's key file)."""
    isolate_from_environment(monkeypatch, tmp_path, KEY)


@pytest.fixture(scope="session")
def registers_db(tmp_path_factory) -> Path:
    """build.duckdb after the five good extracts of 2014-06 (built once, copied per test)."""
    paths = Paths(tmp_path_factory.mktemp("registers"))
    write_all_extracts(paths)
    with pytest.MonkeyPatch.context() as mp:
        for name in ("NAV_LANDING_DIR", "NAV_QUARANTINE_DIR", "NAV_BUILD_DB"):
            mp.delenv(name, raising=False)
        mp.setenv("NAV_PSEUDONYM_KEY", KEY)
        outcomes = ingest_landing(paths, progress=quiet)
    assert [(o.source, o.status) for o in outcomes] == [
        (s, "loaded") for s in sorted(REGISTER_EXTRACTS)], outcomes
    return paths.build_db


@pytest.fixture
def registers(tmp_path, registers_db) -> Paths:
    """A test's own warehouse holding the five good extracts, landing empty."""
    paths = Paths(tmp_path / "data")
    paths.build_db.parent.mkdir(parents=True)
    shutil.copy(registers_db, paths.build_db)
    return paths


def keyed(fnr: str) -> str:
    return person_key(fnr, KEY.encode())


# --- pseudonymisation -----------------------------------------------------------------------

def test_person_key_is_a_truncated_hmac_sha256_stable_under_one_key():
    expected = hmac.new(KEY.encode(), P1.encode(), hashlib.sha256).hexdigest()[:32]
    assert person_key(P1, KEY.encode()) == expected == person_key(P1, KEY.encode())
    assert re.fullmatch(r"[0-9a-f]{32}", expected)
    assert person_key(P1, OTHER_KEY.encode()) != expected
    assert person_key(P2, KEY.encode()) != expected


@pytest.mark.parametrize("key", [KEY.encode(), b"k" * 200, "nøkkel-".encode() * 5])
def test_person_keys_of_a_series_are_person_key_of_each_value(key):
    fnrs = pd.Series([P1, P2, None, P1, P3], index=[7, 8, 9, 10, 11])
    keys = person_keys(fnrs, key)
    assert list(keys.index) == [7, 8, 9, 10, 11]
    assert keys.isna().tolist() == [False, False, True, False, False]
    assert [keys[i] for i in (7, 8, 10, 11)] == [person_key(f, key) for f in (P1, P2, P1, P3)]
    assert person_keys(fnrs.astype("string[pyarrow]"), key).equals(keys)


def test_the_key_file_is_made_on_first_use_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("NAV_PSEUDONYM_KEY")
    path = tmp_path / "keys" / ".nav-placement-key"
    monkeypatch.setenv("NAV_PSEUDONYM_KEY_FILE", str(path))
    key = load_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert re.fullmatch(rb"[0-9a-f]{64}", key)  # 32 random bytes as hex
    assert path.read_text("ascii") == key.decode() + "\n"
    assert load_key() == key == load_key(path)  # created once, then read
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    monkeypatch.setenv("NAV_PSEUDONYM_KEY", key.decode())  # the file's content as the variable
    assert person_key(P1, load_key()) == person_key(P1, key)


def test_first_use_by_several_at_once_agrees_on_one_key(tmp_path, monkeypatch):
    monkeypatch.delenv("NAV_PSEUDONYM_KEY")
    monkeypatch.setenv("NAV_PSEUDONYM_KEY_FILE", str(tmp_path / "key"))
    keys, start = [], threading.Barrier(8)

    def first_use():
        start.wait()
        keys.append(load_key())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1


def test_the_environment_key_wins_over_the_key_file(tmp_path, monkeypatch):
    path = tmp_path / "key"
    monkeypatch.setenv("NAV_PSEUDONYM_KEY_FILE", str(path))
    assert load_key() == KEY.encode()
    assert not path.exists()  # never created while the variable is set
    monkeypatch.setenv("NAV_PSEUDONYM_KEY", "")  # empty: as if unset
    assert load_key() != KEY.encode() and path.exists()


def test_the_default_key_file_is_in_the_project_root_and_ignored_by_git(monkeypatch):
    monkeypatch.delenv("NAV_PSEUDONYM_KEY_FILE")
    assert key_file() == DEFAULT_KEY_FILE == PROJECT_ROOT / ".nav-placement-key"
    assert "/.nav-placement-key" in (PROJECT_ROOT / ".gitignore").read_text("utf-8").splitlines()


def test_unusable_keys_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("NAV_PSEUDONYM_KEY", "secret")
    with pytest.raises(PseudonymKeyError, match="NAV_PSEUDONYM_KEY holds a key of 6 characters; "
                                                "a key needs at least 32"):
        load_key()
    monkeypatch.delenv("NAV_PSEUDONYM_KEY")
    path = tmp_path / "key"
    path.write_text("0" * 64 + "\n", encoding="ascii")
    path.chmod(0o644)
    monkeypatch.setenv("NAV_PSEUDONYM_KEY_FILE", str(path))
    with pytest.raises(PseudonymKeyError, match=r"can be read by others \(mode 0644\).*chmod 600"):
        load_key()
    path.write_text("short\n", encoding="ascii")
    path.chmod(0o600)
    with pytest.raises(PseudonymKeyError, match="holds a key of 5 characters"):
        load_key()


def test_key_fingerprints_tell_keys_apart_without_showing_them():
    assert key_fingerprint(KEY.encode()) == key_fingerprint(KEY.encode())
    assert key_fingerprint(KEY.encode()) != key_fingerprint(OTHER_KEY.encode())
    assert KEY not in key_fingerprint(KEY.encode())


# --- valid fødselsnummer --------------------------------------------------------------------

def reference_valid(number) -> bool:
    """The rule written out plainly, one number at a time, for comparison."""
    if not (isinstance(number, str) and len(number) == 11 and number.isascii()
            and number.isdigit()):
        return False
    d = [int(c) for c in number]
    k1 = 11 - sum(w * x for w, x in zip([3, 7, 6, 1, 8, 9, 4, 5, 2], d)) % 11
    k2 = 11 - sum(w * x for w, x in zip([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], d)) % 11
    k1, k2 = (0 if k == 11 else k for k in (k1, k2))
    if 10 in (k1, k2) or (k1, k2) != (d[9], d[10]):
        return False
    day, month, yy, individual = (int(number[:2]), int(number[2:4]), int(number[4:6]),
                                  int(number[6:9]))
    day -= 40 if day > 40 else 0
    if individual < 500:
        year = 1900 + yy
    elif yy < 40:
        year = 2000 + yy
    elif individual >= 900:
        year = 1900 + yy
    elif individual < 750 and yy >= 54:
        year = 1800 + yy
    else:
        year = 1900 + yy
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _with_digit(number: str, position: int, digit: int) -> str:
    return number[:position] + str(digit) + number[position + 1:]


def _first_check_digit_ten() -> str:
    """Nine digits whose first check digit would be 10, completed with any two digits."""
    for individual in range(1000):
        digits = f"010190{individual:03d}"
        if (11 - sum(w * int(x) for w, x in zip([3, 7, 6, 1, 8, 9, 4, 5, 2], digits)) % 11) == 10:
            return digits + "00"
    raise AssertionError


@pytest.mark.parametrize(("number", "valid"), [
    (P1, True),
    (P2, True),
    (P3, True),  # D-number: day 30 + 40
    (P4, True),  # 29 February 2000 (individual number 500-999 with year 00-39)
    (P5, True),
    (_with_digit(P1, 10, (int(P1[10]) + 1) % 10), False),  # second check digit wrong
    (_with_digit(P1, 9, (int(P1[9]) + 1) % 10), False),  # first check digit wrong
    (_with_digit(P1, 3, (int(P1[3]) + 1) % 10), False),  # a digit changed
    (_first_check_digit_ten(), False),  # a remainder that gives 10 is no number
    (fnr(29, 2, 1900, 100), False),  # individual number under 500: 1900, no leap day
    (fnr(31, 4, 1985, 200), False),  # 31 April
    (fnr(12, 13, 1985, 200), False),  # month 13
    (fnr(32, 1, 1985, 200, d_number=True), False),  # D-number day 72
    (fnr(0, 1, 1985, 200), False),  # day 0
    (P1[:10], False),
    (P1 + "0", False),
    (P1[:6] + " " + P1[6:], False),
    ("1204901002x", False),
    ("", False),
    (None, False),
])
def test_valid_fnr(number, valid):
    assert reference_valid(number) is valid  # the cases mean what they say
    assert valid_fnr(number) is valid
    assert valid_fnr(pd.Series([number], index=[5])).tolist() == [valid]


def test_valid_fnr_of_a_series_agrees_with_the_rule_written_out():
    rng = np.random.default_rng(4)
    valid = [make_fnr(int(d), int(m), int(y), int(i), bool(dn))
             for d, m, y, i, dn in zip(rng.integers(1, 29, 3000), rng.integers(1, 13, 3000),
                                       rng.integers(1855, 2039, 3000), rng.integers(0, 1000, 3000),
                                       rng.random(3000) < 0.2)]
    valid = [v for v in valid if v]
    near = [_with_digit(v, int(p), int(x)) for v, p, x in
            zip(valid, rng.integers(0, 11, len(valid)), rng.integers(0, 10, len(valid)))]
    noise = [f"{n:011d}" for n in rng.integers(0, 10**11, 20000)]
    numbers = pd.Series(valid + near + noise + [None, "abc"], dtype=object)
    numbers.index = numbers.index + 2
    expected = [reference_valid(n) for n in numbers]
    assert sum(expected) > len(valid)  # the valid ones, and a few of the others by chance
    result = valid_fnr(numbers)
    assert list(result.index) == list(numbers.index)
    assert result.tolist() == expected
    assert valid_fnr(numbers.astype("string[pyarrow]")).tolist() == expected


# --- contracts ------------------------------------------------------------------------------

def _seed_codes(name: str, column: str) -> set[str]:
    return set(pd.read_csv(SEEDS_DIR / "codes" / name, dtype=str)[column])


def test_register_contracts_follow_the_design():
    delivered = {c.source: [(col.header, col.name) for col in c.columns]
                 for c in (register_persons(), register_arena(), register_aa(),
                           register_benefits(), register_residence())}
    assert delivered == {
        "register_persons": [("fnr", "person_key"), ("fodselsdato", "birth_date"),
                             ("kjonn", "gender_code"), ("fodeland", "birth_country_iso3")],
        "register_arena": [("fnr", "person_key"), ("status", "arena_status_code"),
                           ("fra_dato", "start_date"), ("til_dato", "end_date"),
                           ("tiltakskode", "measure_code"), ("nav_kontor", "office_number")],
        "register_aa": [("fnr", "person_key"), ("orgnr", "employer_org_number"),
                        ("fra_dato", "start_date"), ("til_dato", "end_date"),
                        ("avtalt_timer", "agreed_weekly_hours")],
        "register_benefits": [("fnr", "person_key"), ("ytelse", "benefit_code"),
                              ("fra_dato", "start_date"), ("til_dato", "end_date")],
        "register_residence": [("fnr", "person_key"), ("hendelse", "event_code"),
                               ("dato", "event_date")],
    }
    for source, table in RAW_TABLES.items():
        contract = contracts()[source]
        assert contract.raw_table == table
        assert contract.vectorised
        assert [c.header for c in contract.national_id_columns] == ["fnr"]
        assert contract.formats[0].encodings == ("utf-8-sig",)
        assert contract.file_format(extract_file(source)) is contract.formats[0]
        assert contract.file_format(extract_file(source).replace("2014-06", "2014")) is None
    assert register_persons().key == "person_key"
    assert register_arena().key == tuple(c.name for c in register_arena().columns)
    assert register_arena().date_ranges == (("start_date", "end_date"),)
    assert register_arena().column("arena_status_code").allowed == \
        _seed_codes("arena_statuses.csv", "arena_status_code")
    assert register_arena().column("measure_code").only_when[1] == {"AT", "NT"}
    assert register_benefits().column("benefit_code").allowed == \
        _seed_codes("benefits.csv", "benefit_code") - {"INGEN"}
    assert register_residence().column("event_code").allowed == {"UTVANDRET", "DOD"}


# --- loading --------------------------------------------------------------------------------

def test_every_register_extract_loads_with_person_keys_instead_of_national_ids(registers):
    for source, table in RAW_TABLES.items():
        columns = [c for (c,) in query(registers, (
            "select column_name from information_schema.columns where table_schema = 'raw' "
            f"and table_name = '{table.removeprefix('raw.')}' order by ordinal_position"))]
        names = [c.name for c in contracts()[source].columns]
        assert columns[: len(names)] == names and "fnr" not in columns
        rows = query(registers, f"select {', '.join(names)}, loaded_row_number, "
                                f"loaded_file_name from {table} order by loaded_row_number")
        delivered = [[keyed(r[0])] + [v or None for v in r[1:]] for r in extract_rows(source)]
        assert [list(r[:-2]) for r in rows] == delivered
        assert [r[-2] for r in rows] == list(range(2, len(delivered) + 2))
        assert {r[-1] for r in rows} == {extract_file(source)}
    # one person, one key, in every extract: the extracts join
    assert query(registers, "select count(*) from raw.register_arena__status_spells a "
                            "join raw.register_persons__persons p using (person_key)") == [(6,)]
    assert query(registers, "select key_fingerprint from raw.pseudonym_key") == [
        (key_fingerprint(KEY.encode()),)]
    messages = [r[7] for r in load_log(registers)]
    assert f"loaded 6 rows from {ARENA} (fnr replaced by person_key)" in messages


def test_reingesting_the_extracts_changes_nothing(registers):
    before, log_before = raw_snapshot(registers), load_log(registers)
    write_all_extracts(registers)
    outcomes = ingest_landing(registers, progress=quiet)
    assert [o.status for o in outcomes] == ["already_loaded"] * 5
    assert raw_snapshot(registers) == before and load_log(registers) == log_before


def test_a_later_extract_is_a_new_delivery_under_the_same_keys(registers):
    rows = extract_rows("register_arena") + [[P3, "HL", "2014-03-01", "", "", "0301"]]
    write_extract(registers, "register_arena", "2014-07", extract_csv("register_arena", rows))
    [outcome] = ingest_landing(registers, progress=quiet)
    assert (outcome.status, outcome.row_count) == ("loaded", 7)
    assert query(registers, "select count(*) from raw.register_arena__status_spells "
                            f"where person_key = '{keyed(P3)}'") == [(3,)]


def test_another_key_is_refused_before_anything_is_read(registers, monkeypatch):
    landed = write_extract(registers, "register_arena", "2014-07")
    before, log_before = raw_snapshot(registers), load_log(registers)
    monkeypatch.setenv("NAV_PSEUDONYM_KEY", OTHER_KEY)
    with pytest.raises(LoadFailed) as failed:
        ingest_landing(registers, progress=quiet)
    message = str(failed.value)
    assert message.startswith(f"register_arena/2014-07 {extract_file('register_arena', '2014-07')}"
                              ": reading the pseudonymisation key failed (PseudonymKeyError: the "
                              "key from NAV_PSEUDONYM_KEY (fingerprint "
                              f"{key_fingerprint(OTHER_KEY.encode())}) is not the key this "
                              "warehouse's person keys were made with (fingerprint "
                              f"{key_fingerprint(KEY.encode())}, raw.pseudonym_key)")
    assert message.endswith(f"nothing of this delivery was loaded, it stays in {landed}")
    assert landed.exists()
    assert raw_snapshot(registers) == before and load_log(registers) == log_before


# --- refusing bad extracts ------------------------------------------------------------------

def _extract(source: str, row: int, column: str, value: str, delivery_id: str = "2014-06-r2"):
    """The good extract with one cell changed (row: 0 = first data row, spreadsheet row 2)."""
    def write(paths):
        header, rows = REGISTER_EXTRACTS[source][1], extract_rows(source)
        rows[row][header.index(column)] = value
        return write_extract(paths, source, delivery_id, extract_csv(source, rows),
                             extract_file(source, delivery_id))
    return write


def _extract_rows(source: str, rows: list[list[str]], header=None):
    return lambda paths: write_extract(paths, source, "2014-06-r2",
                                       extract_csv(source, rows, header), extract_file(source))


BAD_CHECK_DIGIT = _with_digit(P2, 10, (int(P2[10]) + 1) % 10)
BAD_DATE = fnr(31, 4, 1985, 200)
STATUSES = "AA, AT, DL, HL, NI, NO, NP, NT, NV, RA"
BENEFITS = "AAP, ALDR, DAGP, INDS, OVST, SYKP, UFOR"

BAD_EXTRACTS = {
    "wrong_check_digits": (
        _extract("register_arena", 2, "fnr", BAD_CHECK_DIGIT),
        f"{ARENA} row 4, column fnr: is not a valid fødselsnummer: wrong check digits "
        f"{NOT_REPEATED}"),
    "no_real_birth_date": (
        _extract("register_persons", 0, "fnr", BAD_DATE),
        f"{PERSONS} row 2, column fnr: is not a valid fødselsnummer: no real birth date "
        f"{NOT_REPEATED}"),
    "fnr_not_11_digits": (
        _extract("register_aa", 1, "fnr", P3[:10]),
        f"{extract_file('register_aa')} row 3, column fnr: is not a valid fødselsnummer: not 11 "
        f"digits {NOT_REPEATED}"),
    "fnr_empty": (
        _extract("register_benefits", 2, "fnr", ""),
        f"{extract_file('register_benefits')} row 4, column fnr: is empty, but a fødselsnummer is "
        "required"),
    "unknown_arena_status": (
        _extract("register_arena", 1, "status", "XX"),
        f"{ARENA} row 3, column status: 'XX' is not an Arena status code ({STATUSES})"),
    "measure_code_off_a_measure": (
        _extract("register_arena", 0, "tiltakskode", "AMO"),
        f"{ARENA} row 2, column tiltakskode: 'AMO' is filled in, but tiltakskode is only for "
        "spells on a measure (status AT or NT)"),
    "not_a_calendar_date": (
        _extract("register_arena", 3, "til_dato", "2013-02-30"),
        f"{ARENA} row 5, column til_dato: '2013-02-30' is not a date in the calendar"),
    "not_an_iso_date": (
        _extract("register_arena", 3, "fra_dato", "01.02.2013"),
        f"{ARENA} row 5, column fra_dato: '01.02.2013' is not a date YYYY-MM-DD"),
    "spell_ends_before_it_starts": (
        _extract("register_arena", 0, "til_dato", "2012-12-31"),
        f"{ARENA} row 2, column til_dato: '2012-12-31' is before fra_dato '2013-01-01': a spell "
        "cannot end before it starts"),
    "office_not_4_digits": (
        _extract("register_arena", 1, "nav_kontor", "301"),
        f"{ARENA} row 3, column nav_kontor: '301' is not a 4-digit office number or empty"),
    "spell_delivered_twice": (
        _extract_rows("register_arena", extract_rows("register_arena")
                      + [extract_rows("register_arena")[1]]),
        f"{ARENA} row 3: is delivered more than once: rows 3, 8 are the same in every column"),
    "org_number_not_9_digits": (
        _extract("register_aa", 0, "orgnr", "98765432"),
        f"{extract_file('register_aa')} row 2, column orgnr: '98765432' is not a 9-digit "
        "organisation number"),
    "hours_with_a_decimal_point": (
        _extract("register_aa", 0, "avtalt_timer", "37.5"),
        f"{extract_file('register_aa')} row 2, column avtalt_timer: '37.5' is not weekly hours "
        "with decimal comma (e.g. 37,5) or empty"),
    "no_benefit_is_no_spell": (
        _extract("register_benefits", 0, "ytelse", "INGEN"),
        f"{extract_file('register_benefits')} row 2, column ytelse: 'INGEN' is not a benefit "
        f"code ({BENEFITS})"),
    "unknown_residence_event": (
        _extract("register_residence", 0, "hendelse", "INNVANDRET"),
        f"{extract_file('register_residence')} row 2, column hendelse: 'INNVANDRET' is not "
        "UTVANDRET (emigrated) or DOD (died)"),
    "person_twice": (
        _extract("register_persons", 3, "fnr", P2),
        f"{PERSONS} row 3, column fnr: the same fødselsnummer occurs more than once (rows 3, 5), "
        "but it is the key (the number is not repeated here)"),
    "national_id_in_another_column": (
        _extract("register_arena", 2, "tiltakskode", P5),
        f"{ARENA} row 4, column tiltakskode: holds an 11-digit number: looks like a "
        "fødselsnummer"),
    "gender_unknown": (
        _extract("register_persons", 1, "kjonn", "X"),
        f"{PERSONS} row 3, column kjonn: 'X' is not K or M"),
    "missing_column": (
        _extract_rows("register_benefits", [r[:3] for r in extract_rows("register_benefits")],
                      ["fnr", "ytelse", "fra_dato"]),
        f"{extract_file('register_benefits')} row 1, column til_dato: is missing from the header"),
}


@pytest.mark.parametrize("case", BAD_EXTRACTS)
def test_bad_extract_is_quarantined_and_nothing_is_loaded(registers, case):
    write, expected = BAD_EXTRACTS[case]
    outcome = ingest_rejected(registers, write(registers), expected)
    texts = [(outcome.quarantine_dir / name).read_text("utf-8")
             for name in ("REASON.txt", "validation.json")] + [str(r) for r in load_log(registers)]
    for number in (*PERSON_FNRS, BAD_CHECK_DIGIT, BAD_DATE, P3[:10]):
        assert not any(number in text for text in texts), (case, number)


def test_every_invalid_fnr_is_named_and_none_repeated(registers):
    rows = extract_rows("register_arena")
    rows[0][0], rows[4][0] = BAD_CHECK_DIGIT, BAD_DATE
    rows[2][1] = "XX"  # a contract problem too: not reached, the ids come first
    landed = _extract_rows("register_arena", rows)(registers)
    outcome = ingest_rejected(registers, landed, f"{ARENA} row 2, column fnr: is not a valid "
                                                 "fødselsnummer: wrong check digits")
    reason = (outcome.quarantine_dir / "REASON.txt").read_text("utf-8")
    assert f"  - {ARENA} row 6, column fnr: is not a valid fødselsnummer: no real birth date" \
        in reason
    assert "'XX'" not in reason
    result = json.loads((outcome.quarantine_dir / "validation.json").read_text("utf-8"))
    assert result["stage"] == "national_id"
    assert [(v["row"], v["column"]) for v in result["violations"]] == [(2, "fnr"), (6, "fnr")]


def test_a_contract_problem_lists_person_keys_never_national_ids(registers):
    """The suite's result (validation.json, load_log) lists failing rows' values: by then the
    fnr column holds person keys."""
    rows = extract_rows("register_arena") + [extract_rows("register_arena")[2]]
    rows[1][1] = "XX"
    outcome = ingest_rejected(registers, _extract_rows("register_arena", rows)(registers),
                              f"{ARENA} row 3, column status: 'XX' is not an Arena status code")
    result = (outcome.quarantine_dir / "validation.json").read_text("utf-8")
    assert keyed(P2) in result  # the duplicated spell, by its person key
    assert not any(number in result for number in PERSON_FNRS)
    assert json.loads(result)["meta"]["evaluated_by"].startswith(
        "nav_placement.ingest.validation.evaluate")


# --- no national id anywhere ----------------------------------------------------------------

NATIONAL_ID_TOKEN = re.compile(r"(?<![0-9A-Za-z])(\d{6}) ?(\d{5})(?![0-9A-Za-z])")


def _texts_of_the_warehouse(db_path: Path) -> list[tuple[str, str]]:
    """(table.column, text) of every non-empty cell of every table in the build file."""
    texts = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        columns = con.execute("select table_schema, table_name, column_name from "
                              "information_schema.columns order by all").fetchall()
        for schema, table, column in columns:
            for (value,) in con.execute(f'select distinct "{column}"::varchar from '
                                        f'"{schema}"."{table}" where "{column}" is not null'
                                        ).fetchall():
                texts.append((f"{schema}.{table}.{column}", value))
    return texts


def test_no_national_id_anywhere_in_the_warehouse_or_the_quarantine(registers):
    # a refused extract of each kind: an invalid fnr, and a contract problem whose result
    # lists the failing rows' values
    _extract("register_persons", 0, "fnr", BAD_CHECK_DIGIT, "2014-07")(registers)
    _extract("register_aa", 0, "orgnr", "1", "2014-07")(registers)
    outcomes = ingest_landing(registers, progress=quiet)
    assert [o.status for o in outcomes] == ["rejected", "rejected"]
    texts = _texts_of_the_warehouse(registers.build_db)
    assert {t.split(".")[0] for t, _ in texts} >= {"raw"}
    assert any(t == "raw.load_log.validation_result" for t, _ in texts)
    for folder in registers.quarantine.glob("*/*"):
        for name in ("REASON.txt", "validation.json"):
            texts.append((str(folder / name), (folder / name).read_text("utf-8")))
    assert len(texts) > 50
    delivered = [*PERSON_FNRS, BAD_CHECK_DIGIT]
    leaks = [(where, number) for where, text in texts for number in delivered if number in text]
    assert leaks == []
    tokens = [(where, "".join(m.groups())) for where, text in texts
              for m in NATIONAL_ID_TOKEN.finditer(text)]
    assert [(where, t) for where, t in tokens if valid_fnr(t)] == []


# --- the suite, evaluated column-wise -------------------------------------------------------

def _violations(frame, contract):
    checked = validate(frame, contract)
    return checked.success, [(v.row, v.column, v.problem) for v in checked.violations], \
        checked.unlisted, sorted(  # great-expectations orders results its own way
            (r["expectation_config"]["type"], str(r["expectation_config"]["kwargs"].get("column")),
             r["success"], r["result"].get("unexpected_count"))
            for r in checked.result["results"])


def _both_engines(frame, contract):
    """The violations great-expectations finds and those the column-wise evaluation finds."""
    return (_violations(frame, dataclasses.replace(contract, vectorised=False)),
            _violations(frame, dataclasses.replace(contract, vectorised=True)))


def _arena_frame_with_problems():
    rows = [list(r) for r in extract_rows("register_arena") * 3]
    rows[1][1] = "XX"
    rows[2][2], rows[2][3] = "2012-05-01", "2012-04-30"
    rows[4][3] = "2014-02-29"
    rows[5][4] = "AMO"
    rows[6][5] = "301"
    rows[7][2] = ""
    rows[8][4] = "NAV Bodø".encode().decode("cp1252")
    contract = register_arena()
    frame = read_table(extract_csv("register_arena", rows), contract.formats[0], contract)
    return pseudonymised(frame, contract, KEY.encode()), contract


def test_column_wise_evaluation_finds_what_great_expectations_finds():
    frame, contract = _arena_frame_with_problems()
    gx_result, own = _both_engines(frame, contract)
    assert own == gx_result
    success, violations, _, _ = own
    assert not success
    assert {(row, column) for row, column, _ in violations} >= {
        (3, "status"), (4, "til_dato"), (6, "til_dato"), (7, "tiltakskode"), (8, "nav_kontor"),
        (9, "fra_dato"), (10, "tiltakskode")}
    assert (2, None, "is delivered more than once: rows 2, 14 are the same in every column") \
        in violations


@pytest.mark.parametrize("contract", [register_persons, register_aa, register_benefits,
                                      register_residence, office_register, user_survey_sample])
def test_column_wise_evaluation_agrees_for_every_kind_of_check(contract):
    """Other contracts too: code/name pairs, conditional columns, plain keys, mojibake."""
    from ingest_fixtures import GROSS_ROWS, REGISTER_ROWS, gross_csv, register_csv
    contract = contract()
    if contract.source == "office_register":
        rows = [list(r) for r in REGISTER_ROWS] * 2
        rows[1][4], rows[2][3], rows[3][5] = "Troms", "99", "tolv"
        data = register_csv(rows)
    elif contract.source == "user_survey_sample":
        rows = [list(r) for r in GROSS_ROWS] + [list(GROSS_ROWS[0])]
        rows[2][10], rows[3][2], rows[4][9] = "1,1", "X", "nor"
        data = gross_csv(rows)
    else:
        rows = [list(r) for r in extract_rows(contract.source) * 2]
        rows[1][1] = "Å"
        rows[2][2] = "2014-13-01" if len(rows[2]) > 2 else rows[2][2]
        data = extract_csv(contract.source, rows)
    frame = read_table(data, contract.formats[0], contract)
    if contract.national_id_columns:
        frame = pseudonymised(frame, contract, KEY.encode())
    gx_result, own = _both_engines(frame, contract)
    assert own == gx_result
    assert not own[0]


def test_column_wise_evaluation_lists_200_rows_and_counts_the_rest():
    rows = [["x", "HL", "2013-01-01", None, None, "0301"] for _ in range(260)]
    frame = pd.DataFrame(rows, columns=REGISTER_EXTRACTS["register_arena"][1],
                         index=range(2, 262), dtype=object)
    frame["fnr"] = [keyed(P1)] * 260
    frame.loc[frame.index[:250], "status"] = "XX"
    frame.loc[frame.index[-10:], "fra_dato"] = [f"2013-01-{d:02d}" for d in range(2, 12)]
    _, checker = _checker(register_arena())
    result = evaluate(checker, frame).to_json_dict()
    [in_set] = [r for r in result["results"]
                if r["expectation_config"]["type"] == "expect_column_values_to_be_in_set"
                and r["expectation_config"]["kwargs"]["column"] == "status"]
    assert in_set["result"]["unexpected_count"] == 250
    assert len(in_set["result"]["unexpected_index_list"]) == 200
    assert in_set["result"]["unexpected_index_list"][:3] == [2, 3, 4]
    assert len(in_set["result"]["partial_unexpected_list"]) == 20
    checked = validate(frame, register_arena())
    assert checked.unlisted == 50 + (250 - 200)  # status, and the 250 duplicated spells


# --- reading large extracts -----------------------------------------------------------------

def _same_frame(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    assert list(fast.columns) == list(slow.columns)
    assert list(fast.index) == list(slow.index)
    normal = lambda frame: [[None if pd.isna(v) else v for v in row]  # noqa: E731
                            for row in frame.itertuples(index=False)]
    assert normal(fast) == normal(slow)


def test_arrow_reads_a_plain_extract_into_the_frame_python_csv_builds():
    contract = register_arena()
    data = ("\ufefffnr ; status;fra_dato;til_dato;tiltakskode;nav_kontor\r\n"
            f"{P1};HL;2013-01-01;2013-03-31;;0301\r\n"
            ";;;;;\r\n"  # an empty row: skipped, but it keeps its number
            f'{P2};NT;2012-05-01;;"AR;B\nTREN";1804\r\n'  # a quoted delimiter and line break
            f'{P3};"DL";2013-02-01;"";; 0105 \r\n'
            "\r\n\r\n").encode("utf-8")
    fast = plain_csv_frame(data, contract.formats[0], contract)
    assert fast is not None and str(fast["fnr"].dtype) == "string"
    _same_frame(fast, to_frame(csv_rows(data, contract.formats[0]), contract))
    assert list(fast.index) == [2, 4, 5]


@pytest.mark.parametrize("data", [
    f"fnr;status\n{P1};HL\n\n{P2};HL\n",  # a blank line within: numbering needs the csv module
    f"fnr;status\n{P1};HL\n{P2}\n",  # a short record
    f"fnr;status\n{P1};HL;x\n",  # a value without header
    "fnr;fnr\n1;2\n",  # a header twice
    "a;b\n1;2\n",  # no contract column: no header row
    f"fnr;status\n{P1};H\xe9\n",  # not UTF-8 (Latin-1 é)
])
def test_anything_but_a_plain_extract_is_left_to_python_csv(data):
    contract = register_arena()
    raw = data.encode("latin-1")
    assert plain_csv_frame(raw, contract.formats[0], contract) is None


def test_a_synthetic_extract_of_thousands_of_persons_loads(registers):
    write_synthetic_arena(registers, 5000, "2014-07", seed=3)
    [outcome] = ingest_landing(registers, progress=quiet)
    assert outcome.status == "loaded", outcome.message
    assert query(registers, "select count(*), count(distinct person_key), "
                            "max(length(person_key)), min(loaded_row_number), "
                            "max(loaded_row_number) from raw.register_arena__status_spells "
                            "where loaded_delivery_id = '2014-07'") == [
        (outcome.row_count, 5000, 32, 2, outcome.row_count + 1)]


def test_the_scale_measurement_runs():
    """The measurement (`python tests/python/ingest_fixtures.py 1000000`), at a small size."""
    figures = measure_register_ingest(2000)
    assert figures["status"] == "loaded" and figures["rows"] > 2000
    assert figures["peak_rss_mb"] > 0 and figures["ingest_seconds"] >= 0
