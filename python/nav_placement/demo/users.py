"""Demo deliveries of the 2014 current-user survey (Personbrukerundersøkelsen, oppfølgingsutvalget).

Two files, in the formats DESIGN.md fixes:

- `user_survey_sample/2014-03/bruttoutvalg_oppfolging_2014.csv`: the directorate's gross sample,
  one row per drawn person (49 162), with the fieldwork outcome, register codes and the county
  weight of those interviewed; UTF-8, ';', decimal comma.
- `user_survey_interviews/2014-06/personbruker_oppfolging_2014.sav`: Norstat's SPSS file, one row
  per interview (4 904 complete, 300 broken off), with variable labels, value labels and
  user-missing codes 8/9.

The data are synthetic but reproduce every Part 2 figure of AFI r2014:14 (targets read from
`seeds/reference/part2_published_figures.csv`): the counts of Tabell 34, Tabell 35 and the
register cross-tab exactly, unweighted; the prose figures within sampling error, weighted.
Files are byte-identical for a given seed (SPSS's creation stamp is fixed), so re-ingesting a
fresh demo is a no-op.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from nav_placement.demo import users_answers as answers
from nav_placement.demo import users_register as register
from nav_placement.demo import users_seeds as seeds
from nav_placement.demo import users_structure as structure

SAMPLE_FILE = Path("user_survey_sample/2014-03/bruttoutvalg_oppfolging_2014.csv")
INTERVIEW_FILE = Path("user_survey_interviews/2014-06/personbruker_oppfolging_2014.sav")
SAMPLE_COLUMNS = {  # raw column -> delivered header (DESIGN.md)
    "serial_number": "Løpenr", "disposition_code": "Utfall", "gender_code": "Kjønn", "birth_date": "Fødselsdato",
    "benefit_code": "Ytelse", "county_code": "Fylkesnr", "labour_market_status_code": "Arbeidsmarkedsstatus",
    "status_group_code": "Statusgruppe", "jobseeker_duration_weeks": "Arbeidssøkervarighet uker",
    "birth_country_iso3": "Fødeland", "county_weight": "Vekt",
}
FIELDWORK = (date(2014, 3, 3), date(2014, 5, 28))  # CATI, March-May 2014 (weekdays)
# The SAV header's creation date and time (bytes 92-108) are written from the clock by ReadStat,
# and pyreadstat has no option for them: they are overwritten with the delivery's date.
SAV_STAMP_OFFSET, SAV_STAMP = 92, b"02 Jun 1408:00:00"
FILE_LABEL = "Personbrukerundersøkelsen 2014 - oppfølgingsutvalget"
ID_LABELS = {"LOPENR": "Løpenummer (bruttoutvalget)", "INTDATO": "Intervjudato", "FULLFORT": "Intervju fullført"}
FULLFORT_LABELS = {1: "Fullført", 0: "Avbrutt"}
# CATI order of the questions: a broken-off interview lacks every question from the break on.
INTERVIEW_ORDER = ("1", "2", "5", "3", "4", "6", "7", "8", "9", "10", "11", "12")
BREAK_AT = (0.14, 0.14, 0.12, 0.1, 0.1, 0.09, 0.08, 0.07, 0.06, 0.05, 0.05)  # P(break before question 2..12)
FEMALE, MALE = "K", "M"


def generate(seed: int = 2014) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gross sample (raw columns) and the interview file (SPSS variables)."""
    rng = np.random.default_rng(seed)
    frame = register.draw_frame(structure.respondents(rng), rng)
    frame["county_weight"] = register.county_weights(frame)
    interviewed = frame.index[frame["interviewed"]]
    ctx = answers.answer(frame.loc[interviewed], rng)

    female = register.prior_female(frame, rng)
    latent_age = register.prior_age(frame, rng)
    low, high = register.age_range(frame["youth"].to_numpy())
    age = np.clip(np.round(latent_age), low, high)
    rate = frame["status_group_code"].map(register.FEMALE).to_numpy()
    fitted_female, fitted_age = answers.gender_and_age(
        ctx, rate[interviewed], female[interviewed], latent_age[interviewed], low[interviewed], high[interviewed])
    female[interviewed] = fitted_female == 1
    age[interviewed] = fitted_age

    gross = pd.DataFrame({
        "serial_number": frame["serial_number"],
        "disposition_code": frame["disposition_code"],
        "gender_code": np.where(female, FEMALE, MALE),
        "birth_date": register.birth_dates(age, frame["complete"].to_numpy(), rng),
        "benefit_code": register.benefit(frame, rng),
        "county_code": frame["county_code"],
        "labour_market_status_code": register.labour_market_status(frame, rng),
        "status_group_code": frame["status_group_code"],
        "jobseeker_duration_weeks": register.jobseeker_duration(frame, rng),
        "birth_country_iso3": register.birth_country(frame, rng),
        "county_weight": frame["county_weight"],
    })
    interviews = interview_file(frame.loc[interviewed], ctx, rng)
    return gross, interviews


def interview_file(people: pd.DataFrame, ctx: answers.Context, rng: np.random.Generator) -> pd.DataFrame:
    """One row per interview: serial, date, completeness, then every questionnaire variable;
    a broken-off interview keeps only the questions before its break."""
    items = seeds.items()
    complete = people["complete"].to_numpy()
    n = len(people)
    days = list(pd.date_range(*FIELDWORK, freq="B").date)
    frame = pd.DataFrame({
        "LOPENR": people["serial_number"].to_numpy(),
        "INTDATO": [days[i].isoformat() for i in rng.integers(0, len(days), n)],
        "FULLFORT": complete.astype(int),
    })
    weights = np.array(BREAK_AT) / sum(BREAK_AT)
    break_at = 1 + rng.choice(len(BREAK_AT), size=n, p=weights)  # position of the first question not answered
    position = {question: i for i, question in enumerate(INTERVIEW_ORDER)}
    for item in items.itertuples():
        values = ctx.answers[item.variable].astype(float).copy()
        values[~complete & (position[item.question_number] >= break_at)] = np.nan
        frame[item.variable] = values
    return frame.sort_values("LOPENR", ignore_index=True)


def write_user_survey_deliveries(landing_dir: Path, seed: int = 2014) -> list[Path]:
    """Write the gross sample (2014-03) and the interview file (2014-06) into landing; return the files."""
    gross, interviews = generate(seed)
    sample_path, interview_path = Path(landing_dir) / SAMPLE_FILE, Path(landing_dir) / INTERVIEW_FILE
    for path in (sample_path, interview_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    write_gross_sample_csv(gross, sample_path)
    write_interview_sav(interviews, interview_path)
    return [sample_path, interview_path]


def _decimal_comma(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.6f}".replace(".", ",")


def _whole(value) -> str:
    return "" if pd.isna(value) else str(int(value))


def write_gross_sample_csv(gross: pd.DataFrame, path: Path) -> None:
    """The directorate's extract: UTF-8, ';', decimal comma, CRLF; empty cell = unknown."""
    cells = gross.assign(
        jobseeker_duration_weeks=gross["jobseeker_duration_weeks"].map(_whole),
        county_weight=gross["county_weight"].map(_decimal_comma),
    ).astype(str)
    lines = [";".join(SAMPLE_COLUMNS[c] for c in gross.columns)]
    lines += [";".join(row) for row in cells.itertuples(index=False)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def sav_metadata() -> dict:
    """Variable labels, value labels, user-missing codes, formats and measures from the item seeds."""
    items = seeds.items()
    labels = dict(ID_LABELS) | dict(zip(items["variable"], items["label_nb"]))
    value_labels = {"FULLFORT": FULLFORT_LABELS}
    missing, formats, measures = {}, {"LOPENR": "F6.0", "INTDATO": "A10", "FULLFORT": "F1.0"}, {}
    measures.update(LOPENR="nominal", INTDATO="nominal", FULLFORT="nominal")
    for item in items.itertuples():
        codes = seeds.scale_codes(item.answer_scale)
        if len(codes):
            value_labels[item.variable] = {float(c): label for c, label in zip(codes["code"], codes["label_nb"])}
        if user_missing := seeds.missing_codes(item.answer_scale):
            missing[item.variable] = [float(c) for c in user_missing]
        formats[item.variable] = "F3.0" if item.item_type == "count" else "F1.0"
        measures[item.variable] = {"scale_1_6": "ordinal", "count": "scale"}.get(item.item_type, "nominal")
    return {"column_labels": labels, "variable_value_labels": value_labels, "missing_ranges": missing,
            "variable_format": formats, "variable_measure": measures}


def write_interview_sav(interviews: pd.DataFrame, path: Path) -> None:
    """Norstat's SPSS file; the header's creation stamp is fixed so the bytes depend on the data only."""
    pyreadstat.write_sav(interviews, str(path), file_label=FILE_LABEL, **sav_metadata())
    data = bytearray(path.read_bytes())
    if data[:4] != b"$FL2":
        raise ValueError(f"{path} is not an SPSS system file")
    data[SAV_STAMP_OFFSET:SAV_STAMP_OFFSET + len(SAV_STAMP)] = SAV_STAMP
    path.write_bytes(bytes(data))
