"""Delivery contracts: what each source promises to deliver, as plain data.

A contract names the delivered file, how its bytes are encoded, and for every delivered column
its raw column name and which values it may hold. `validation.py` turns a contract into a
great-expectations suite; `readers.py` uses the format and encoding parts.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from nav_placement.paths import SEEDS_DIR

INTEGER = r"^\d+$"
DECIMAL = r"^\d+(?:[.,]\d+)?$"  # "12", "12,5" (Norwegian Excel) or "12.5"
DATE = r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"
DATETIME = DATE[:-1] + r" (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d$"
CODE_4 = r"^\d{4}$"


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


@dataclass(frozen=True)
class FileFormat:
    """A delivered file: a name pattern and how to read it (csv or xlsx)."""

    name_pattern: str
    kind: str  # "csv" | "xlsx"
    example: str
    encodings: tuple[str, ...] = ()  # csv only, tried strictly in this order
    delimiter: str = ";"


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
    key: str
    # (code column, name column, {(code, name)}): the name must be the one the code list gives
    code_name_pair: tuple[str, str, frozenset[tuple[str, str]]] | None = None

    @property
    def raw_table(self) -> str:
        return f"raw.{self.source}__{self.entity}"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

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
    """A delivery refused before great-expectations could check it (unreadable, wrong files)."""

    def __init__(self, violation: Violation):
        super().__init__(violation.problem)
        self.violation = violation


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
        formats=(FileFormat(r"avd_kontorliste_\d{4}-\d{2}\.csv", "csv",
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
    return Contract(
        source="office_survey",
        entity="responses",
        formats=(
            FileFormat(r"questback_export_\d{4}-\d{2}\.xlsx", "xlsx",
                       "questback_export_<yyyy-mm>.xlsx"),
            FileFormat(r"questback_export_\d{4}-\d{2}\.csv", "csv",
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
    )


def contracts() -> dict[str, Contract]:
    """Every source the warehouse accepts, by landing folder name."""
    return {c.source: c for c in (office_register(), office_survey())}
