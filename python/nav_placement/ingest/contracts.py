"""Delivery contracts: what each source promises to deliver, as plain data.

A contract names the delivered file, how its bytes are encoded, and for every delivered column
its raw column name and which values it may hold. `validation.py` turns a contract into a
great-expectations suite; `readers.py` uses the format and encoding parts.

Two rules hold for every source whatever its contract says: no cell may hold what looks like a
national id (`national_id_violations`), and a contract with a `parent` can only be loaded once
its parent source has delivered the same wave (`ParentKey`). A column declared to hold national
ids (`Column.national_id`: the `fnr` of NAV's register extracts) is the exception: every value
must be a valid fødselsnummer (`fnr_violations`), and ingest replaces it by its person key
before any other check sees it. A column may be delivered in another's place (`Column.instead`:
a follow-up frame identifies persons by `fnr` or by an already pseudonymised `person_key`);
`Contract.as_delivered` gives the contract of the columns a file actually has.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nav_placement.paths import SEEDS_DIR
from nav_placement.pseudonymise import fnr_problems

INTEGER = r"^\d+$"
DECIMAL = r"^\d+(?:[.,]\d+)?$"  # "12", "12,5" (Norwegian Excel) or "12.5"
DATE = r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"
DATETIME = DATE[:-1] + r" (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d$"
CODE_4 = r"^\d{4}$"
SERIAL = r"^\d{6}$"
ISO3 = r"^[A-Z]{3}$"
DECIMAL_COMMA = r"^\d+(?:,\d+)?$"  # "1,2345": a period would be read as a thousands separator
POSITIVE_INTEGER = r"^[1-9]\d*$"
PERSON_KEY = r"^[0-9a-f]{32}$"  # `pseudonymise.person_key`: 32 lowercase hex digits
YEAR_MONTH = r"^\d{4}-(?:0[1-9]|1[0-2])$"
DATE_OR_DATETIME = DATE[:-1] + r"(?: (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)?$"

# A fødselsnummer is 11 digits (often written 6 + space + 5). Not the fractional part of a
# decimal ("0,12345678901"), which is a weight, not a person.
NATIONAL_ID = re.compile(r"(?<!\d)(?<!\d[.,])\d{6} ?\d{5}(?!\d)")
NATIONAL_ID_PROBLEM = ("{what} an 11-digit number: looks like a fødselsnummer; deliveries must "
                       "carry survey serials, not national ids (the {thing} is not repeated here)")
FNR_PROBLEM = ("is not a valid fødselsnummer: {what} (11 digits, a real birth date, valid check "
               "digits; the value is not repeated here)")
LISTED_PER_COLUMN = 200  # national-id problems named per column; the rest are counted


@dataclass(frozen=True)
class Column:
    """One delivered column: its header, its raw name and the values it may hold.

    Every contract column must be in the header; `nullable` says whether its cells may be empty.
    `pattern` (a regex) or `allowed` (a set) restricts non-empty values; neither means free text.
    For a restricted column, `expected` completes "'x' is not ..." in error messages.
    """

    header: str
    name: str
    nullable: bool = True
    pattern: str | None = None
    allowed: frozenset[str] | None = None
    expected: str = ""
    # .sav only: the file must carry value labels for this variable (coded answers)
    labels_required: bool = False
    # (other column, its values, who they are): non-empty only on rows where the other column
    # holds one of those values, e.g. a weight only for interviewed persons
    only_when: tuple[str, frozenset[str], str] | None = None
    # declared to hold national ids (fødselsnummer): every value must be a valid one, and it is
    # replaced by its person key before any check sees it (`pseudonymise`); exempt from the guard
    national_id: bool = False
    # non-empty values must also parse with this strftime format: a real date, not 2014-02-30
    date_format: str | None = None
    # declared to hold person keys the warehouse made itself (`PERSON_KEY`, e.g. a frame written
    # by the sampling command): a well-formed key is exempt from the national-id guard (32 hex
    # digits hold an 11-digit run by chance in about 2% of keys); any other value is guarded
    pseudonym: bool = False
    # a column that may be delivered in this one's place, under the same raw name (exactly one of
    # the two): a frame's `fnr`, or the `person_key` the warehouse's sampling command writes
    instead: Column | None = None


@dataclass(frozen=True)
class FileFormat:
    """A delivered file: a name pattern and how to read it (csv, xlsx or SPSS sav).

    The pattern's `wave` group (and `month` group, where the name has one) is the period the
    file is of; it must agree with the delivery folder it came in.
    """

    name_pattern: str
    kind: str  # "csv" | "xlsx" | "sav"
    example: str
    encodings: tuple[str, ...] = ()  # csv only, tried strictly in this order
    delimiter: str = ";"

    def period(self, file_name: str) -> tuple[str, str | None]:
        """(wave, month or None) from a file name this format matches: ("2014", "09")."""
        match = re.fullmatch(self.name_pattern, file_name)
        return match["wave"], match.groupdict().get("month")

    @property
    def row_convention(self) -> str | None:
        """How rows are numbered in messages, where the file itself has no row numbers."""
        if self.kind != "sav":
            return None
        return ("rows are numbered as a spreadsheet shows the data: row 1 holds the variable "
                "names, the first case is row 2 (SPSS Data View case n = row n + 1)")


@dataclass(frozen=True)
class ParentKey:
    """Every value of `column` must be a `key` of the parent source's delivery of the same wave.

    The parent delivery is the one of that wave loaded last (as staging picks it). With
    `condition`, the parent row must moreover hold one of the listed values in that column.
    """

    column: str  # raw column in this contract
    source: str  # parent source (its landing folder name)
    key: str  # raw column of the parent
    noun: str  # what a value is called in messages: "serial"
    parent_name: str  # what the parent is called in messages: "the gross sample"
    # (parent column, accepted values, what they mean, (value, label) pairs for messages)
    condition: tuple[str, frozenset[str], str, tuple[tuple[str, str], ...]] | None = None


@dataclass(frozen=True)
class Contract:
    """What one source delivers for one entity.

    `formats` is in order of preference: when a delivery holds the same export in two formats
    (Questback: xlsx and csv), the first is loaded.
    """

    source: str
    entity: str
    formats: tuple[FileFormat, ...]
    columns: tuple[Column, ...]
    # the column no two rows share; several columns: no two rows share all of them (a spell
    # extract has no key of its own, so its key is every column: no row is delivered twice)
    key: str | tuple[str, ...]
    # (code column, name column, {(code, name)}): the name must be the one the code list gives
    code_name_pair: tuple[str, str, frozenset[tuple[str, str]]] | None = None
    parent: ParentKey | None = None
    # (start column, end column) of a spell: where both are filled in, the end is not before
    # the start (ISO dates compare as text)
    date_ranges: tuple[tuple[str, str], ...] = ()
    # an extract of millions of rows: its suite is evaluated column-wise on distinct values
    # (`validation.evaluate`) instead of by great-expectations' pandas engine; same suite, same
    # result format, same messages
    vectorised: bool = False

    @property
    def raw_table(self) -> str:
        return f"raw.{self.source}__{self.entity}"

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.key,) if isinstance(self.key, str) else self.key

    @property
    def national_id_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.national_id)

    @property
    def has_dictionary(self) -> bool:
        """Whether deliveries carry variable and value labels (SPSS), kept beside the data."""
        return any(f.kind == "sav" for f in self.formats)

    @property
    def variables_table(self) -> str:
        return f"raw.{self.source}__variables"

    @property
    def value_labels_table(self) -> str:
        return f"raw.{self.source}__value_labels"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def as_delivered(self, headers) -> Contract:
        """The contract of a file with these headers: a column whose `instead` the file delivers
        in its place is swapped for it (a frame with `person_key` instead of `fnr`). A file
        delivering both is refused; one delivering neither keeps the column (reported missing)."""
        headers, columns = set(headers), list(self.columns)
        for i, c in enumerate(self.columns):
            if c.instead is None or c.instead.header not in headers:
                continue
            if c.header in headers:
                raise Refused(Violation(1, c.instead.header, (
                    f"is delivered together with {c.header}; a {self.entity} file has exactly one "
                    f"of the two (both would become {c.name})")))
            columns[i] = c.instead
        columns = tuple(columns)
        return self if columns == self.columns else dataclasses.replace(self, columns=columns)

    def file_format(self, file_name: str) -> FileFormat | None:
        return next((f for f in self.formats if re.fullmatch(f.name_pattern, file_name)), None)


@dataclass(frozen=True)
class Violation:
    """One way a delivery breaks its contract, located like a spreadsheet shows it."""

    row: int | None  # header = 1, first data row = 2; None for the file as a whole
    column: str | None  # delivered header
    problem: str

    def line(self, file_name: str) -> str:
        where = file_name
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f"{',' if self.row is not None else ''} column {self.column}"
        return f"{where}: {self.problem}"


class Refused(Exception):
    """A delivery refused before great-expectations could check it (unreadable, wrong files).

    `violation` is the first problem, `violations` all of them (most refusals have one).
    """

    def __init__(self, violation: Violation, *more: Violation, stage: str = "read"):
        super().__init__(violation.problem)
        self.violation = violation
        self.violations = [violation, *more]
        self.stage = stage


def national_id_violations(frame, contract: Contract,
                           labels: list[tuple[str, str]] = ()) -> list[Violation]:
    """Every cell (and header) that looks like a national id, in a column not declared as one.

    Runs before great-expectations sees the frame, so no result, log line or REASON.txt ever
    repeats such a value. `labels` are (variable, text) pairs of a file's own dictionary (SPSS
    variable and value labels), which are loaded too. Each distinct value of a column is looked
    at once (register extracts have millions of rows and few distinct codes or dates).
    """
    declared = {c.header for c in contract.columns if c.national_id}
    keys = {c.header for c in contract.columns if c.pseudonym}
    is_key = re.compile(PERSON_KEY).fullmatch
    in_cell = NATIONAL_ID_PROBLEM.format(what="holds", thing="value")
    found = [Violation(1, f"#{i + 1}",  # the header itself would repeat the number
                       NATIONAL_ID_PROBLEM.format(what="the header holds", thing="header"))
             for i, h in enumerate(frame.columns) if NATIONAL_ID.search(str(h))]
    found += [Violation(None, variable,
                        NATIONAL_ID_PROBLEM.format(what="a label in the file holds", thing="label"))
              for variable, text in labels if text and NATIONAL_ID.search(text)]
    unlisted = []
    for header in frame.columns:
        if header in declared:
            continue
        codes, uniques = pd.factorize(frame[header], use_na_sentinel=True)
        exempt = is_key if header in keys else lambda _: False
        hit = np.array([bool(NATIONAL_ID.search(str(v))) and not exempt(str(v))
                        for v in uniques.tolist()] + [False])
        rows = frame.index[hit[codes]]
        found += [Violation(int(row), str(header), in_cell) for row in rows[:LISTED_PER_COLUMN]]
        if len(rows) > LISTED_PER_COLUMN:
            unlisted.append(Violation(None, str(header), f"{len(rows) - LISTED_PER_COLUMN} "
                                                         f"more rows: each {in_cell}"))
    position = {h: i for i, h in enumerate(frame.columns)}
    return sorted(found, key=lambda v: (v.row or 0, position.get(v.column, -1))) + unlisted


def fnr_violations(frame, contract: Contract) -> list[Violation]:
    """Every non-empty cell of a column declared to hold national ids that is not a valid
    fødselsnummer, named by row and column and what is wrong, never by the number itself (an
    empty cell is left to the contract's not-null check)."""
    found = []
    for column in contract.national_id_columns:
        if column.header not in frame.columns:
            continue  # reported as missing by the contract's suite
        problems = fnr_problems(frame[column.header])
        bad = (problems != "") & (problems != "empty")
        rows, what = frame.index[bad], problems[bad]
        found += [Violation(int(row), column.header, FNR_PROBLEM.format(what=w))
                  for row, w in zip(rows[:LISTED_PER_COLUMN], what[:LISTED_PER_COLUMN])]
        if len(rows) > LISTED_PER_COLUMN:
            found.append(Violation(None, column.header, (
                f"{len(rows) - LISTED_PER_COLUMN} more rows hold no valid fødselsnummer (not "
                "listed)")))
    return found


def _distinct(contract: Contract, seed: str) -> Contract:
    """The contract, once every delivered header and raw column occurs once and no raw column
    is named like the load metadata. A seed listing an item twice would otherwise only fail at
    CREATE TABLE, in a DuckDB error naming no seed."""
    for what, values in (("delivered column", [c.header for c in contract.columns]),
                         ("raw column", [c.name.lower() for c in contract.columns])):
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"{seed}: {what} {', '.join(twice)} is listed more than once")
    clash = [c.name for c in contract.columns if c.name.lower().startswith("loaded_")]
    if clash:
        raise ValueError(f"{seed}: raw column {', '.join(clash)} clashes with the load metadata "
                         "columns (loaded_*)")
    return contract


def _seed(name: str, seeds_dir: Path) -> list[dict[str, str]]:
    with open(seeds_dir / "codes" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _item_rules(seeds_dir: Path) -> dict[str, dict]:
    """Column restrictions by questionnaire `item_type`; every survey answer may be empty."""
    counties = sorted(r["county_name"] for r in _seed("counties_2014.csv", seeds_dir))
    org_forms = [r["delivered_value"] for r in _seed("office_org_forms.csv", seeds_dir)]
    return {
        "likert_1_6": {"allowed": frozenset("123456"),
                       "expected": "an allowed value (1-6 or empty)"},
        # "5", "7" (vet ikke), but also "3-4" or "5 og 6": staging flags those, ingest keeps them
        "priority_1_6_dont_know_7": {},
        "county": {"allowed": frozenset(counties),
                   "expected": "a 2014 county name (e.g. Østfold) or empty"},
        "office_number": {"pattern": CODE_4, "expected": "a 4-digit office number or empty"},
        "postal_code": {"pattern": CODE_4, "expected": "a 4-digit postal code or empty"},
        "org_form": {"allowed": frozenset(org_forms),
                     "expected": f"one of {', '.join(org_forms)} or empty"},
        "number": {"pattern": DECIMAL, "expected": "a number (e.g. 12 or 12,5) or empty"},
        "date": {"pattern": DATE, "expected": "a date YYYY-MM-DD or empty"},
        "text": {},
    }


@functools.cache
def office_register(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The directorate's office list (AVD list), one row per NAV office."""
    counties = _seed("counties_2014.csv", seeds_dir)
    codes = frozenset(r["county_code"] for r in counties)
    names = frozenset(r["county_name"] for r in counties)
    fte = "a number of full-time equivalents (e.g. 12,5) or empty"
    return Contract(
        source="office_register",
        entity="offices",
        formats=(FileFormat(r"avd_kontorliste_(?P<wave>\d{4})-(?P<month>\d{2})\.csv", "csv",
                            "avd_kontorliste_<yyyy-mm>.csv",
                            # utf-8-sig reads UTF-8 with or without a BOM; Excel exports cp1252
                            encodings=("utf-8-sig", "cp1252")),),
        columns=(
            Column("Enhetsnr", "office_number", False, CODE_4, expected="a 4-digit office number"),
            Column("Enhetsnavn", "office_name", False),
            Column("Kommunenr", "municipality_number", False, CODE_4,
                   expected="a 4-digit municipality number"),
            Column("Fylkesnr", "county_code", False, allowed=codes,
                   expected="a 2014 county code (01-20, not 13)"),
            Column("Fylkesnavn", "county_name", False, allowed=names,
                   expected="a 2014 county name (e.g. Østfold)"),
            Column("Statlige årsverk", "state_fte", True, DECIMAL, expected=fte),
            Column("Kommunale årsverk", "municipal_fte", True, DECIMAL, expected=fte),
        ),
        key="office_number",
        code_name_pair=("county_code", "county_name",
                        frozenset((r["county_code"], r["county_name"]) for r in counties)),
    )


@functools.cache
def office_survey(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The Questback export of the office-manager survey, one row per answered questionnaire."""
    rules = _item_rules(seeds_dir)
    items = _seed("office_survey_items.csv", seeds_dir)
    unknown = sorted({i["item_type"] for i in items} - rules.keys())
    if unknown:
        raise ValueError(f"office_survey_items.csv: unknown item_type {', '.join(unknown)}")
    return _distinct(Contract(
        source="office_survey",
        entity="responses",
        formats=(
            FileFormat(r"questback_export_(?P<wave>\d{4})-(?P<month>\d{2})\.xlsx", "xlsx",
                       "questback_export_<yyyy-mm>.xlsx"),
            FileFormat(r"questback_export_(?P<wave>\d{4})-(?P<month>\d{2})\.csv", "csv",
                       "questback_export_<yyyy-mm>.csv", encodings=("utf-8-sig",)),
        ),
        columns=(
            Column("Respondent ID", "respondent_id", False, INTEGER,
                   expected="a respondent id (digits)"),
            Column("Fullført", "completed_at", True, DATETIME,
                   expected="a time YYYY-MM-DD HH:MM:SS or empty"),
            *(Column(i["delivered_column"], i["item_code"], **rules[i["item_type"]])
              for i in items),
        ),
        key="respondent_id",
    ), "office_survey_items.csv")


def _codes(rows: list[dict[str, str]], column: str) -> frozenset[str]:
    return frozenset(r[column] for r in rows)


def _listed(codes) -> str:
    return ", ".join(sorted(codes, key=lambda c: (len(c), c)))


@functools.cache
def user_survey_sample(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The gross sample of the current-user survey: one row per person drawn from the register."""
    dispositions = _seed("user_survey_dispositions.csv", seeds_dir)
    interview = frozenset(r["disposition_code"] for r in dispositions
                          if r["interview_flag"] == "true")
    benefits = _codes(_seed("benefits.csv", seeds_dir), "benefit_code")
    counties = _codes(_seed("counties_2014.csv", seeds_dir), "county_code")
    statuses = _codes(_seed("labour_market_statuses.csv", seeds_dir), "labour_market_status_code")
    groups = _codes(_seed("user_survey_status_groups.csv", seeds_dir), "status_group_code")
    codes = _codes(dispositions, "disposition_code")
    return Contract(
        source="user_survey_sample",
        entity="gross_sample",
        formats=(FileFormat(
            r"bruttoutvalg_oppfolging_(?P<wave>\d{4})(?:-(?P<month>\d{2}))?\.csv", "csv",
            "bruttoutvalg_oppfolging_<wave>.csv", encodings=("utf-8-sig",)),),
        columns=(
            Column("Løpenr", "serial_number", False, SERIAL,
                   expected="a 6-digit survey serial"),
            Column("Utfall", "disposition_code", False, allowed=codes,
                   expected=f"a disposition code ({_listed(codes)})"),
            Column("Kjønn", "gender_code", False, allowed=frozenset({"K", "M"}),
                   expected="K or M"),
            Column("Fødselsdato", "birth_date", False, DATE, expected="a date YYYY-MM-DD"),
            Column("Ytelse", "benefit_code", False, allowed=benefits,
                   expected=f"a benefit code ({_listed(benefits)})"),
            Column("Fylkesnr", "county_code", True, allowed=counties,
                   expected="a 2014 county code (01-20, not 13) or empty"),
            Column("Arbeidsmarkedsstatus", "labour_market_status_code", True, allowed=statuses,
                   expected=f"a labour-market status code ({_listed(statuses)}) or empty"),
            Column("Statusgruppe", "status_group_code", False, allowed=groups,
                   expected=f"a status group ({_listed(groups)})"),
            Column("Arbeidssøkervarighet uker", "jobseeker_duration_weeks", True, INTEGER,
                   expected="a whole number of weeks or empty"),
            # validated as a code only: country_groups.csv decides western or not, in dbt
            Column("Fødeland", "birth_country_iso3", True, ISO3,
                   expected="an ISO 3166 alpha-3 country code (three capital letters) or empty"),
            Column("Vekt", "county_weight", True, DECIMAL_COMMA,
                   expected="a weight with decimal comma (e.g. 1,2345) or empty",
                   only_when=("disposition_code", interview,
                              f"interviewed persons (Utfall {' or '.join(sorted(interview))})")),
        ),
        key="serial_number",
    )


def _answer_rules(seeds_dir: Path) -> dict[str, dict]:
    """Column restrictions by the items' `answer_scale`: the scale's codes, or a count."""
    scales: dict[str, list[dict[str, str]]] = {}
    for r in _seed("user_survey_answer_codes.csv", seeds_dir):
        scales.setdefault(r["answer_scale"], []).append(r)
    rules = {
        scale: {"allowed": frozenset(r["code"] for r in rows),
                "expected": f"an answer code of {scale} ("
                            + ", ".join(r["code"] if r["valid_flag"] == "true" else
                                        f"{r['code']} {r['label_nb'].lower()}" for r in rows)
                            + ") or system-missing"}
        for scale, rows in scales.items()}
    rules["count"] = {"pattern": POSITIVE_INTEGER,
                      "expected": "a count (a whole number, 1 or more) or system-missing"}
    return rules


# items whose codes mean nothing without the agency's value labels (0/1 flags and counts do)
LABELLED_ITEM_TYPES = frozenset({"scale_1_6", "single_choice"})


@functools.cache
def user_survey_interviews(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The fieldwork agency's SPSS file: one row per interview, complete or broken off."""
    rules = _answer_rules(seeds_dir)
    items = _seed("user_survey_items.csv", seeds_dir)
    unknown = sorted({i["answer_scale"] for i in items} - rules.keys())
    if unknown:
        raise ValueError(f"user_survey_items.csv: answer_scale {', '.join(unknown)} has no codes "
                         "in user_survey_answer_codes.csv")
    dispositions = _seed("user_survey_dispositions.csv", seeds_dir)
    interview = frozenset(r["disposition_code"] for r in dispositions
                          if r["interview_flag"] == "true")
    return _distinct(Contract(
        source="user_survey_interviews",
        entity="interviews",
        formats=(FileFormat(
            r"personbruker_oppfolging_(?P<wave>\d{4})(?:-(?P<month>\d{2}))?\.sav", "sav",
            "personbruker_oppfolging_<wave>.sav"),),
        columns=(
            Column("LOPENR", "lopenr", False, SERIAL, expected="a 6-digit survey serial"),
            Column("INTDATO", "intdato", False, DATE_OR_DATETIME,
                   expected="an interview date (YYYY-MM-DD)"),
            Column("FULLFORT", "fullfort", False, allowed=frozenset({"0", "1"}),
                   expected="1 (complete) or 0 (broken off)"),
            *(Column(i["variable"], i["variable"].lower(), True,
                     labels_required=i["item_type"] in LABELLED_ITEM_TYPES,
                     **rules[i["answer_scale"]])
              for i in items),
        ),
        key="lopenr",
        parent=ParentKey(
            column="lopenr", source="user_survey_sample", key="serial_number", noun="serial",
            parent_name="the gross sample",
            condition=("disposition_code", interview,
                       f"an interview ({' or '.join(sorted(interview))})",
                       tuple((r["disposition_code"], r["label_nb"]) for r in dispositions))),
    ), "user_survey_items.csv")


# --- Part 3: NAV's register extracts -------------------------------------------------------

FNR_EXPECTED = "a fødselsnummer (11 digits with valid check digits)"
ISO_DATE = "%Y-%m-%d"


def _register_format(stem: str) -> tuple[FileFormat, ...]:
    return (FileFormat(rf"{stem}_(?P<wave>\d{{4}})-(?P<month>\d{{2}})\.csv", "csv",
                       f"{stem}_<yyyy-mm>.csv", encodings=("utf-8-sig",)),)


def _fnr() -> Column:
    """The national id every extract carries: checked, then replaced by `person_key`."""
    return Column("fnr", "person_key", False, expected=FNR_EXPECTED, national_id=True)


def _date(header: str, name: str, nullable: bool, empty: str = "empty") -> Column:
    return Column(header, name, nullable, DATE, date_format=ISO_DATE,
                  expected="a date YYYY-MM-DD" + (f" or {empty}" if nullable else ""))


def _spells(source: str, entity: str, stem: str, *columns: Column,
            start: str = "start_date", end: str = "end_date") -> Contract:
    """A spell extract: no key of its own, so no row may be delivered twice; a spell does not end
    before it starts."""
    return _distinct(Contract(
        source=source, entity=entity, formats=_register_format(stem), columns=columns,
        key=tuple(c.name for c in columns), date_ranges=((start, end),), vectorised=True,
    ), source)


@functools.cache
def register_persons(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The population register's persons: one row per person."""
    return _distinct(Contract(
        source="register_persons",
        entity="persons",
        formats=_register_format("personer"),
        columns=(
            _fnr(),
            _date("fodselsdato", "birth_date", False),
            Column("kjonn", "gender_code", False, allowed=frozenset({"K", "M"}),
                   expected="K or M"),
            Column("fodeland", "birth_country_iso3", True, ISO3,
                   expected="an ISO 3166 alpha-3 country code (three capital letters) or empty"),
        ),
        key="person_key",
        vectorised=True,
    ), "register_persons")


@functools.cache
def register_arena(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """Arena status spells: one row per person and spell of a status."""
    statuses = _seed("arena_statuses.csv", seeds_dir)
    codes = _codes(statuses, "arena_status_code")
    on_measure = frozenset(r["arena_status_code"] for r in statuses
                           if r["on_measure_flag"] == "true")
    return _spells(
        "register_arena", "status_spells", "arena_statusforlop",
        _fnr(),
        Column("status", "arena_status_code", False, allowed=codes,
               expected=f"an Arena status code ({_listed(codes)})"),
        _date("fra_dato", "start_date", False),
        _date("til_dato", "end_date", True, "empty (an open spell)"),
        Column("tiltakskode", "measure_code", True,
               only_when=("arena_status_code", on_measure,
                          f"spells on a measure (status {' or '.join(sorted(on_measure))})")),
        Column("nav_kontor", "office_number", True, CODE_4,
               expected="a 4-digit office number or empty"),
    )


@functools.cache
def register_aa(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """AA-register employment spells: one row per person and employment."""
    return _spells(
        "register_aa", "employment_spells", "aa_arbeidsforhold",
        _fnr(),
        Column("orgnr", "employer_org_number", False, r"^\d{9}$",
               expected="a 9-digit organisation number"),
        _date("fra_dato", "start_date", False),
        _date("til_dato", "end_date", True, "empty (an ongoing employment)"),
        Column("avtalt_timer", "agreed_weekly_hours", True, DECIMAL_COMMA,
               expected="weekly hours with decimal comma (e.g. 37,5) or empty"),
    )


@functools.cache
def register_benefits(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """Benefit spells: one row per person and benefit spell. INGEN (no benefit) is a survey
    answer, not a benefit anyone can have a spell of."""
    codes = _codes(_seed("benefits.csv", seeds_dir), "benefit_code") - {"INGEN"}
    return _spells(
        "register_benefits", "benefit_spells", "ytelser",
        _fnr(),
        Column("ytelse", "benefit_code", False, allowed=codes,
               expected=f"a benefit code ({_listed(codes)})"),
        _date("fra_dato", "start_date", False),
        _date("til_dato", "end_date", True, "empty (an ongoing benefit)"),
    )


RESIDENCE_EVENTS = frozenset({"UTVANDRET", "DOD"})


@functools.cache
def register_residence(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The population register's emigrations and deaths: one row per event."""
    return _distinct(Contract(
        source="register_residence",
        entity="events",
        formats=_register_format("bosted_hendelser"),
        columns=(
            _fnr(),
            Column("hendelse", "event_code", False, allowed=RESIDENCE_EVENTS,
                   expected="UTVANDRET (emigrated) or DOD (died)"),
            _date("dato", "event_date", False),
        ),
        key=("person_key", "event_code", "event_date"),
        vectorised=True,
    ), "register_residence")


REGISTER_CONTRACTS = (register_persons, register_arena, register_aa, register_benefits,
                      register_residence)


# --- Part 3: the follow-up survey (Oppfølgingsundersøkelsen) --------------------------------

# item_kind of seeds/codes/followup_items.csv -> what its values are called in messages
FOLLOWUP_ITEM_KINDS = {
    "single": "an answer code of {item}",
    "multi": "1 (box ticked)",
    "hours": "whole hours",
    "scale6": "an answer code of {item}",  # 1-6, 7 vet ikke, 8 ikke aktuelt
    "scale6_na": "an answer code of {item}",  # 1-6, 7 ikke aktuelt
    "date_part": "a number",
}


def _followup_item(item: dict[str, str]) -> Column:
    """An item column of the answers file: its codes are `valid_codes` (1|2|3) or the whole
    numbers `min_value`-`max_value`, as written (no leading zeros); empty is not answered."""
    code, kind = item["item_code"], item["item_kind"]
    where = f"followup_items.csv item {code}"
    if kind not in FOLLOWUP_ITEM_KINDS:
        raise ValueError(f"{where}: unknown item_kind {kind!r} (known: "
                         f"{', '.join(FOLLOWUP_ITEM_KINDS)})")
    listed, low, high = (item.get(k, "").strip() for k in ("valid_codes", "min_value",
                                                           "max_value"))
    if listed and not (low or high):
        codes = [c.strip() for c in listed.split("|")]
        if not all(re.fullmatch(r"[1-9]\d*", c) for c in codes):
            raise ValueError(f"{where}: valid_codes {listed!r} is not whole numbers separated "
                             "by |")
        allowed = frozenset(codes)
        expected = "1 (box ticked) or empty (not ticked)" if kind == "multi" else \
            f"{FOLLOWUP_ITEM_KINDS[kind].format(item=code)} ({_listed(allowed)}) or empty"
    elif not listed and re.fullmatch(r"\d+", low) and re.fullmatch(r"\d+", high) \
            and int(low) <= int(high):
        allowed = frozenset(str(n) for n in range(int(low), int(high) + 1))
        expected = f"{FOLLOWUP_ITEM_KINDS[kind].format(item=code)} {low}-{high} or empty"
    else:
        raise ValueError(f"{where}: give either valid_codes or min_value and max_value "
                         "(whole numbers, min_value <= max_value)")
    return Column(code, code, True, allowed=allowed, expected=expected)


def _followup_format(stem: str) -> tuple[FileFormat, ...]:
    return (FileFormat(rf"{stem}_(?P<wave>\d{{4}})-(?P<month>\d{{2}})\.csv", "csv",
                       f"{stem}_<yyyy-mm>.csv", encodings=("utf-8-sig",)),)


@functools.cache
def followup_frame(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """NAV's draw for the follow-up survey: one row per drawn person, identified by the national
    id (pseudonymised on ingest like the register extracts) or, in a frame the warehouse's own
    sampling command wrote, by the person key already (the HMAC cannot be reversed)."""
    person_key_column = Column(
        "person_key", "person_key", False, PERSON_KEY, pseudonym=True,
        expected="a person key (32 lowercase hex digits, as the warehouse's sampling writes it)")
    return _distinct(Contract(
        source="followup_frame",
        entity="frame",
        formats=_followup_format("oppfolging_utvalg"),
        columns=(
            Column("lopenr", "survey_serial", False, SERIAL,
                   expected="a 6-digit survey serial"),
            dataclasses.replace(_fnr(), instead=person_key_column),
            Column("avgangsmaned", "exit_month", False, YEAR_MONTH,
                   expected="a month YYYY-MM (01-12)"),
            Column("stratum", "stratum_code", False, allowed=frozenset({"ARBS", "NEDS"}),
                   expected="ARBS (job seeker) or NEDS (reduced work capacity)"),
            Column("invitert", "invited_code", False, allowed=frozenset({"1", "0"}),
                   expected="1 (invited) or 0 (not invited)"),
        ),
        key="survey_serial",
    ), "followup_frame")


@functools.cache
def followup_answers(seeds_dir: Path = SEEDS_DIR) -> Contract:
    """The returned questionnaires (paper, scanned, or web): one row per answer, every item of
    seeds/codes/followup_items.csv a column; each serial must be in the frame of the wave."""
    items = _seed("followup_items.csv", seeds_dir)
    return _distinct(Contract(
        source="followup_answers",
        entity="answers",
        formats=_followup_format("oppfolging_svar"),
        columns=(
            Column("lopenr", "survey_serial", False, SERIAL,
                   expected="a 6-digit survey serial"),
            Column("svarmodus", "response_mode", False, allowed=frozenset({"papir", "web"}),
                   expected="papir or web"),
            _date("mottatt", "received_date", False),
            *(_followup_item(i) for i in items),
        ),
        key="survey_serial",
        parent=ParentKey(column="survey_serial", source="followup_frame", key="survey_serial",
                         noun="serial", parent_name="the frame"),
    ), "followup_items.csv")


def contracts() -> dict[str, Contract]:
    """Every source the warehouse accepts, by landing folder name."""
    return {c.source: c for c in (office_register(), office_survey(), user_survey_sample(),
                                  user_survey_interviews(),
                                  *(register() for register in REGISTER_CONTRACTS),
                                  followup_frame(), followup_answers())}


def load_order(source: str) -> int:
    """Sources load parents first: 0 for a source without parent, else its parent's + 1."""
    parent = contracts()[source].parent
    return 0 if parent is None else load_order(parent.source) + 1
