"""Self-check of the demo generator: its files reproduce every published Part 1 number.

The statistics are computed here in pandas straight from the delivered files, independently
of the warehouse (which has its own dbt tests), and compared with the reference seed row by
row. The only expectations are the seed's rows and the generator's named report facts.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import openpyxl
import pandas as pd
from scipy import stats
import pytest

from nav_placement.demo import survey as demo_survey
from nav_placement.demo.offices import write_office_deliveries, write_questback_csv
from nav_placement.paths import SEEDS_DIR

REFERENCE = pd.read_csv(SEEDS_DIR / "reference/part1_published_figures.csv", dtype=str, keep_default_na=False)
ITEMS = pd.read_csv(SEEDS_DIR / "codes/office_survey_items.csv", dtype=str, keep_default_na=False)
COUNTIES = pd.read_csv(SEEDS_DIR / "codes/counties_2014.csv", dtype=str, keep_default_na=False)
SIZE_CLASSES = pd.read_csv(SEEDS_DIR / "codes/office_size_classes.csv", dtype=str, keep_default_na=False)
ORG_FORMS = pd.read_csv(SEEDS_DIR / "codes/office_org_forms.csv", dtype=str, keep_default_na=False)
REGISTER_HEADER = "Enhetsnr;Enhetsnavn;Kommunenr;Fylkesnr;Fylkesnavn;Statlige årsverk;Kommunale årsverk"
EPSILON = 1e-9  # a difference equal to the tolerance passes, as in the warehouse
SEVERAL_NUMBERS = re.compile(r"^\s*\d+\s*(-|/|,|og)\s*\d+\s*$")

def text_of(value) -> str | None:
    """A cell as the user sees it (what the warehouse loads): 5 not 5.0, empty as None."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    return write_office_deliveries(tmp_path_factory.mktemp("landing"))


@pytest.fixture(scope="module")
def register(delivered) -> pd.DataFrame:
    frame = pd.read_csv(delivered[0], sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    fte = frame["Statlige årsverk"].str.replace(",", ".").astype(float) + \
        frame["Kommunale årsverk"].str.replace(",", ".").astype(float)
    return frame.assign(size_class=fte.map(size_class))


@pytest.fixture(scope="module")
def workbook(delivered):
    return openpyxl.load_workbook(delivered[1]).worksheets[0]


@pytest.fixture(scope="module")
def answers(workbook) -> pd.DataFrame:
    """The export as text, with questionnaire columns renamed to item codes."""
    rows = [[text_of(v) for v in row] for row in workbook.iter_rows(values_only=True)]
    frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    frame = frame.rename(columns=dict(zip(ITEMS["delivered_column"], ITEMS["item_code"])))
    staff = pd.to_numeric(frame["q10"].str.replace(",", "."), errors="coerce")
    return frame.assign(staff=staff, size_class=staff.map(lambda x: size_class(x) if x == x else None))


def size_class(staff: float) -> str:
    for row in SIZE_CLASSES.itertuples():
        below_top = not row.max_staff_exclusive or staff < float(row.max_staff_exclusive)
        if float(row.min_staff_inclusive) <= staff and below_top:
            return row.size_class
    raise ValueError(staff)


def valid(values: pd.Series) -> pd.Series:
    """Answers 1-6 as numbers (NaN otherwise)."""
    return pd.to_numeric(values.where(values.isin([str(v) for v in range(1, 7)])), errors="coerce")


def answered(values: pd.Series) -> pd.Series:
    """1-6 or vet ikke (7, only on Q15/Q16)."""
    return values.isin([str(v) for v in range(1, 8)])


def category_values(category: str, item_code: str) -> list[str]:
    if item_code == "q08":
        return list(ORG_FORMS.loc[ORG_FORMS["org_form_code"] == category, "delivered_value"])
    if category == "dont_know":
        return ["7"]
    return category.split("_") if "_" in category else [category]


def number(values: pd.Series) -> pd.Series:
    """A typed number answer (Q7, Q10, Q11: "12" or "24,5") as a number, NaN when empty."""
    return pd.to_numeric(values.str.replace(",", "."), errors="coerce")


def field_days(answers: pd.DataFrame) -> pd.Series:
    """Each answer's completion day (Fullført)."""
    return pd.to_datetime(answers["Fullført"]).dt.normalize()


def waves(answers: pd.DataFrame) -> int:
    """Field days starting a wave: the first, and each with more answers than the day before."""
    per_day = field_days(answers).value_counts().sort_index()
    return 1 + int((per_day > per_day.shift()).sum())


def first_days(answers: pd.DataFrame, days: str) -> pd.Series:
    return field_days(answers).rank(method="dense") <= int(days)


def last_days(answers: pd.DataFrame, days: str) -> pd.Series:
    return field_days(answers).rank(method="dense", ascending=False) <= int(days)


# The method chapter's facts (M03-M27) from the export: statistic -> f(answers, category).
METHOD_FACTS = {
    "staff_total_min": lambda a, _: a["staff"].min(),
    "staff_total_max": lambda a, _: a["staff"].max(),
    "staff_total_mean": lambda a, _: a["staff"].mean(),
    "staff_total_median": lambda a, _: a["staff"].median(),
    "experience_years_mean": lambda a, _: number(a["q07"]).mean(),
    "experience_years_median": lambda a, _: number(a["q07"]).median(),
    "experience_years_share_above": lambda a, threshold: 100 * (number(a["q07"]).dropna() > float(threshold)).mean(),
    "state_positions_mean": lambda a, _: number(a["q11"]).mean(),
    "field_period_start": lambda a, _: int(field_days(a).min().strftime("%Y%m%d")),
    "field_period_end": lambda a, _: int(field_days(a).max().strftime("%Y%m%d")),
    "response_waves": lambda a, _: waves(a),
    "reminders_sent": lambda a, _: waves(a) - 1,  # each of the demo's reminders starts a wave
    "first_days_staff_mean": lambda a, days: a.loc[first_days(a, days), "staff"].mean(),
    "last_days_staff_mean": lambda a, days: a.loc[last_days(a, days), "staff"].mean(),
}


def computed(row, register: pd.DataFrame, answers: pd.DataFrame) -> float:
    """The value of one reference row, computed from the delivered files."""
    statistic, item, category, size = row.statistic, row.item_code, row.category, row.size_class
    matched = answers.merge(register, left_on=["q03", "q05"], right_on=["Enhetsnr", "Fylkesnavn"])
    population = register["size_class"].value_counts(normalize=True) * 100
    sample = answers["size_class"].value_counts(normalize=True) * 100
    column = answers[item] if item else None
    if statistic == "offices_total":
        return (register["Fylkesnr"] == category).sum()
    if statistic == "offices_answered":
        return (matched["Fylkesnr"] == category).sum()
    if statistic == "response_pct":
        return 100 * (matched["Fylkesnr"] == category).sum() / (register["Fylkesnr"] == category).sum()
    if statistic == "responses_total":
        return len(answers)
    if statistic == "population_share":
        return population[size]
    if statistic == "sample_share":
        return sample[size]
    if statistic == "sample_minus_population":
        return sample[size] - population[size]
    if statistic == "n_valid":
        return valid(column).notna().sum()
    if statistic == "n_answered":
        return (answered(column) if item in ("q15", "q16") else column.notna()).sum()
    if statistic == "mean":
        return valid(column).mean()
    if statistic in ("share", "share_group"):
        if item == "q08":
            base = column.notna()
        else:
            base = answered(column) if row.denominator == "answered" else valid(column).notna()
        return 100 * column[base].isin(category_values(category, item)).sum() / base.sum()
    if statistic == "share_6":
        base = answered(column) & (answers["size_class"] == size)
        return 100 * (column[base] == "6").sum() / base.sum()
    if statistic == "n_several_numbers":
        return column.dropna().str.match(SEVERAL_NUMBERS).sum()
    if statistic == "share_answered":
        return 100 * column.notna().mean()
    if statistic in METHOD_FACTS:
        return METHOD_FACTS[statistic](answers, category)
    if statistic in ("pearson_r", "p_value_upper_bound"):
        pairs = pd.DataFrame({"x": answers["staff"], "y": valid(column)}).dropna()
        result = stats.pearsonr(pairs["x"], pairs["y"])
        return float(result.statistic) if statistic == "pearson_r" else float(result.pvalue) / 2
    raise AssertionError(f"no computation for statistic {statistic}")


def test_every_reference_row_is_reproduced(register, answers):
    misses = []
    for row in REFERENCE.itertuples():
        value = float(computed(row, register, answers))
        tolerance = float(row.tolerance)
        if row.statistic == "p_value_upper_bound":  # a printed "p<x": the one-sided p must be below x
            if not value < float(row.published_value):
                misses.append(f"{row.figure_id} one-sided p for {row.item_code}: {value:.4f} not < {row.published_value}")
            continue
        if not abs(value - float(row.published_value)) <= tolerance + EPSILON:
            misses.append(f"{row.figure_id} {row.table_id} {row.statistic} {row.item_code} {row.size_class} "
                          f"{row.category}: {value:.4f} vs {row.published_value} ± {tolerance}")
    assert misses == [], "\n".join(misses)


def test_register_is_a_windows_1252_excel_export(delivered, register):
    raw = delivered[0].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.startswith(REGISTER_HEADER.encode("cp1252") + b"\r\n")
    assert b"\xf8" in raw and "ø".encode("utf-8") not in raw  # ø is one byte, 0xF8
    totals = REFERENCE.loc[REFERENCE["statistic"] == "offices_total", "published_value"].astype(int)
    assert len(register) == totals.sum()
    assert register["Enhetsnr"].is_unique
    assert register["Enhetsnr"].str.fullmatch(r"\d{4}").all()
    assert (register["Enhetsnr"].str[:2] == register["Fylkesnr"]).all()
    assert register["Kommunenr"].str.fullmatch(r"\d{4}").all()
    names = dict(zip(COUNTIES["county_code"], COUNTIES["county_name"]))
    assert (register["Fylkesnr"].map(names) == register["Fylkesnavn"]).all()
    assert register["Statlige årsverk"].str.contains(",").any()  # decimal comma, e.g. 7,5
    assert register["Enhetsnavn"].str.contains("[æøåÆØÅ]").any()


def test_export_has_the_questback_layout(workbook):
    header = [cell.value for cell in next(workbook.iter_rows(max_row=1))]
    assert header == ["Respondent ID", "Fullført", *ITEMS["delivered_column"]]
    likert = [i for i, t in enumerate(ITEMS["item_type"], start=2) if t == "likert_1_6"]
    cells = [row[i] for row in workbook.iter_rows(min_row=2, values_only=True) for i in likert]
    assert {type(v) for v in cells} == {int, type(None)}  # numbers, as Questback writes them


def test_answers_without_a_known_office(register, answers):
    known = answers["q03"].isin(register["Enhetsnr"])
    unknown = answers[~known]
    responses = int(REFERENCE.loc[REFERENCE["statistic"] == "responses_total", "published_value"].iloc[0])
    counted = REFERENCE.loc[REFERENCE["statistic"] == "offices_answered", "published_value"].astype(int).sum()
    assert len(unknown) == responses - counted
    assert unknown["q05"].isna().all()
    assert unknown["q03"].dropna().str.fullmatch(r"\d{4}").all()
    office_county = answers[known].merge(register, left_on="q03", right_on="Enhetsnr")
    assert (office_county["q05"] == office_county["Fylkesnavn"]).all()
    assert answers.loc[known, "q03"].is_unique


def test_staff_answers_follow_the_method_chapter(register, answers):
    staff = answers["staff"].dropna()
    assert answers["q10"].isna().sum() == demo_survey.STAFF_EMPTY
    with_office = answers.dropna(subset=["staff"]).merge(register, left_on="q03", right_on="Enhetsnr",
                                                         suffixes=("", "_register"))
    assert (with_office["size_class"] == with_office["size_class_register"]).all()


def test_other_background_answers(answers):
    assert number(answers["q07"]).notna().sum() == len(answers) - demo_survey.EXPERIENCE_EMPTY
    assert answers["Fullført"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()
    assert (answers["q01"] == answers["Fullført"].str[:10]).all()
    assert (field_days(answers).dt.day_of_week < 5).all()  # nobody answers at weekends
    assert answers["Respondent ID"].astype(int).is_monotonic_increasing


def test_q15_blanks_hold_one_out_of_range_answer(answers):
    q15 = answers["q15"].dropna()
    odd = q15[~answered(q15) & ~q15.str.match(SEVERAL_NUMBERS)]
    assert list(odd) == [demo_survey.Q15_OUT_OF_RANGE]


def test_other_items_are_rated_by_few_and_described_by_some(answers):
    for code in ITEMS.loc[ITEMS["item_code"].str.endswith("_text"), "item_code"]:
        rated = valid(answers[code.removesuffix("_text")]).notna()
        described = answers[code].notna()
        assert 0 < described.sum() < rated.sum(), code
        assert not (described & ~rated).any(), code


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(delivered, tmp_path):
    again = write_office_deliveries(tmp_path / "landing")
    assert [p.relative_to(tmp_path / "landing") for p in again] == \
        [p.relative_to(delivered[0].parents[2]) for p in delivered]
    assert [sha256(p) for p in again] == [sha256(p) for p in delivered]


def test_csv_variant_holds_the_same_cells(delivered, workbook, tmp_path):
    path = tmp_path / "questback_export_2014-09.csv"
    write_questback_csv(delivered[1], path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    cells = [[text_of(v) or "" for v in row] for row in workbook.iter_rows(values_only=True)]
    assert list(frame.columns) == cells[0]
    assert frame.values.tolist() == cells[1:]
