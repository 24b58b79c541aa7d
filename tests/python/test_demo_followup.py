"""Self-check of the follow-up survey demo (Part 3, Oppfølgingsundersøkelsen): the frame and the
answers as DESIGN.md fixes them, and the register rows of the drawn persons telling the same
story as the report (Figur 28, Tabell 37, section 13.2 and the main outcome shares).

Everything is read back from the written CSV files and recomputed here with simple, independent
code: NAV's exit rule from the Arena spells (status at month end, pandas), the Tabell 37
characteristics from the persons extract and the spells, the survey derivations of DESIGN.md and
a plain post-stratification (frame counts / respondent counts per gender x age band, pooled over
the strata as the warehouse's w_gender_age).
No warehouse is needed. Every published number is read here, independently of the generator, from
seeds/reference/part3_published_figures.csv (the one home of Part 3's numbers).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from nav_placement.demo.followup import ANSWER_COLUMNS, FRAME_COLUMNS, write_followup_deliveries
from nav_placement.demo.registers import write_register_deliveries
from nav_placement.paths import SEEDS_DIR

SEED = 2014
BACKGROUND = 2_000  # a small background population: the planted persons are what is checked
FRAME_FILE = "followup_frame/2014-05/oppfolging_utvalg_2014-05.csv"
ANSWERS_FILE = "followup_answers/2014-09/oppfolging_svar_2014-09.csv"
REGISTER_FILES = {
    "persons": "register_persons/2014-06/personer_2014-06.csv",
    "arena": "register_arena/2014-06/arena_statusforlop_2014-06.csv",
    "aa": "register_aa/2014-06/aa_arbeidsforhold_2014-06.csv",
    "benefits": "register_benefits/2014-06/ytelser_2014-06.csv",
    "residence": "register_residence/2014-06/bosted_hendelser_2014-06.csv",
}
COUNTRIES = pd.read_csv(SEEDS_DIR / "codes/country_groups.csv", dtype=str, keep_default_na=False)
STATUSES = pd.read_csv(SEEDS_DIR / "codes/arena_statuses.csv", dtype=str, keep_default_na=False)
MEASURES = pd.read_csv(SEEDS_DIR / "codes/arena_measures.csv", dtype=str, keep_default_na=False)
JOB_SEEKER = set(STATUSES.loc[STATUSES["main_status"] == "job_seeker", "arena_status_code"])
REDUCED = set(STATUSES.loc[STATUSES["main_status"] == "reduced_work_capacity", "arena_status_code"])
EXTRACT_MONTH = 41  # June 2014, months from January 2011 = 0
# Tabell 37's analysis_sample (disposition) per disposition of this test
DISPOSITIONS = {"responded": "invited_responded", "no_answer": "invited_nonresponse", "not_invited": "not_invited"}
# Tabell 37/38 indicators, as columns of `linked` (coded as the seed's categories)
CHARACTERISTICS = ("register_exit_status", "measure_last_6_months_flag", "gender_code", "birth_region", "age_band")
AGE_BANDS = ("under_20", "20_24", "25_29", "30_39", "40_49", "50_59", "60_plus")
PUBLISHED = pd.read_csv(SEEDS_DIR / "reference/part3_published_figures.csv", dtype=str, keep_default_na=False)


def published(**columns) -> float:
    """The one published value of the seed with these column values."""
    rows = PUBLISHED
    for column, value in columns.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, (columns, len(rows))
    return float(rows["published_value"].iloc[0])


def published_count(**columns) -> int:
    found = published(statistic="count", **columns)
    assert found == int(found), columns
    return int(found)


def flow(category: str) -> int:
    """A Figur 28 box, or the answers per stratum (answers_job_seeker, ...: Figur 30a/b n)."""
    return published_count(indicator="followup_flow", category=category)


def weighted(group: str, indicator: str, category: str = "") -> float:
    """A weighted published share of an exit group, as a fraction."""
    return published(weighted_flag="true", group_code=group, indicator=indicator, category=category) / 100


def per_stratum(indicator: str, category: str = "") -> tuple[float, float]:
    return weighted("job_seeker", indicator, category), weighted("reduced_work_capacity", indicator, category)


ANSWERS = flow("answers")
INVITED_RESPONDENTS = published_count(table_id="T37", indicator="register_exit_status", category="total",
                                      analysis_sample="invited_responded")

def read(path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    path = tmp_path_factory.mktemp("landing")
    written = write_followup_deliveries(path, seed=SEED)
    assert sorted(p.relative_to(path).as_posix() for p in written) == sorted([FRAME_FILE, ANSWERS_FILE])
    write_register_deliveries(path, persons=BACKGROUND, seed=SEED)
    return path


@pytest.fixture(scope="module")
def frame(landing) -> pd.DataFrame:
    return read(landing / FRAME_FILE)


@pytest.fixture(scope="module")
def answers(landing) -> pd.DataFrame:
    return read(landing / ANSWERS_FILE)


@pytest.fixture(scope="module")
def registers(landing) -> dict[str, pd.DataFrame]:
    return {name: read(landing / file) for name, file in REGISTER_FILES.items()}


# ---------------------------------------------------------------------------------------------
# An independent reading of the registers for the frame persons


def month_index(dates: pd.Series) -> np.ndarray:
    d = pd.to_datetime(dates)
    return ((d.dt.year - 2011) * 12 + d.dt.month - 1).to_numpy()


def month_end_status(arena: pd.DataFrame) -> pd.DataFrame:
    """(fnr, month, main, status) for every month end a job-seeker or reduced-work-capacity spell
    covers (start on or before the month's last day, end on or after it or open)."""
    spells = arena[arena["status"].isin(JOB_SEEKER | REDUCED)].reset_index(drop=True)
    first = month_index(spells["fra_dato"])  # its own month's end is on or after the start
    open_ = spells["til_dato"] == ""
    end = pd.to_datetime(spells["til_dato"].where(~open_, "2099-12-31"))
    end_month = ((end.dt.year - 2011) * 12 + end.dt.month - 1).to_numpy()
    last = np.where(open_, EXTRACT_MONTH, np.where(end.dt.is_month_end, end_month, end_month - 1))
    count = np.maximum(last - first + 1, 0)
    rows = np.repeat(np.arange(len(spells)), count)
    months = first[rows] + np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    status = spells["status"].to_numpy()[rows]
    return pd.DataFrame({"fnr": spells["fnr"].to_numpy()[rows], "month": months,
                         "main": np.where(np.isin(status, list(JOB_SEEKER)), "JS", "NAE"), "status": status})


def exits_of(status: pd.DataFrame) -> pd.DataFrame:
    """Exits: S at the end of m, S at the end of neither m+1 nor m+2; job-seeker exits with
    reduced work capacity at the end of any of the five months before are reclassified."""
    known = set(zip(status["fnr"], status["month"], status["main"]))
    rows = []
    for fnr, month, main, code in status.itertuples(index=False):
        if (fnr, month + 1, main) in known or (fnr, month + 2, main) in known or month + 2 > EXTRACT_MONTH:
            continue
        reclassified = main == "JS" and any((fnr, month - k, "NAE") in known for k in range(1, 6))
        rows.append((fnr, month, main, code, "NAE" if reclassified else main))
    return pd.DataFrame(rows, columns=["fnr", "month", "main", "status", "exit_status"])


@pytest.fixture(scope="module")
def linked(frame, answers, registers) -> pd.DataFrame:
    """Every frame person with the register facts of the frame's exit (None where the rule finds
    no exit in the frame's month)."""
    arena = registers["arena"][registers["arena"]["fnr"].isin(frame["fnr"])]
    found = exits_of(month_end_status(arena))
    f = frame.copy()
    f["month"] = (f["avgangsmaned"].str[:4].astype(int) - 2011) * 12 + f["avgangsmaned"].str[5:].astype(int) - 1
    f = f.merge(found.rename(columns={"month": "exit_found"}), left_on=["fnr", "month"],
                right_on=["fnr", "exit_found"], how="left")
    persons = registers["persons"].set_index("fnr")
    f["gender"] = f["fnr"].map(persons["kjonn"])
    eea = set(COUNTRIES.loc[COUNTRIES["eea_2014_flag"] == "true", "iso3"])
    country = f["fnr"].map(persons["fodeland"])
    f["region"] = np.where(country == "NOR", "norway", np.where(country.isin(eea), "eea", "outside_eea"))
    f.loc[country.isna() | (country == ""), "region"] = "unknown"
    month_end = pd.to_datetime(f["avgangsmaned"] + "-01") + pd.offsets.MonthEnd(0)
    birth = pd.to_datetime(f["fnr"].map(persons["fodselsdato"]))
    before_birthday = (month_end.dt.month < birth.dt.month) | \
        ((month_end.dt.month == birth.dt.month) & (month_end.dt.day < birth.dt.day))
    age = month_end.dt.year - birth.dt.year - before_birthday
    f["age"] = age
    f["age_band"] = pd.cut(age, [0, 19, 24, 29, 39, 49, 59, 200],
                           labels=list(AGE_BANDS)).astype(str)
    # measure: an AT or NT spell (or one with a measure code) on any day of m-5 .. m
    on = arena[arena["status"].isin(["AT", "NT"]) | (arena["tiltakskode"] != "")]
    window = f[["fnr", "month"]].merge(on, on="fnr")
    window_start = pd.to_datetime(pd.DataFrame({"year": 2011 + (window["month"] - 5) // 12,
                                                "month": (window["month"] - 5) % 12 + 1, "day": 1}))
    window_end = pd.to_datetime(pd.DataFrame({"year": 2011 + window["month"] // 12,
                                              "month": window["month"] % 12 + 1, "day": 1})) + pd.offsets.MonthEnd(0)
    overlaps = (pd.to_datetime(window["fra_dato"]) <= window_end) & \
        (pd.to_datetime(window["til_dato"].replace("", "2099-12-31")) >= window_start)
    f["measure"] = f["fnr"].isin(window.loc[overlaps, "fnr"])
    f["answered"] = f["lopenr"].isin(answers["lopenr"])
    f["disposition"] = np.where(f["invitert"] == "0", "not_invited",
                                np.where(f["answered"], "responded", "no_answer"))
    on_day = "2014-06-30"

    def active(table, code=None):
        rows = table if code is None else table[table["ytelse"] == code]
        rows = rows[(rows["fra_dato"] <= on_day) & (rows["til_dato"].replace("", "9999") >= on_day)]
        return f["fnr"].isin(rows["fnr"])

    f["aa_june"] = active(registers["aa"])
    f["ufor_june"] = active(registers["benefits"], "UFOR")
    # the Tabell 37 characteristics, coded as the seed's categories
    f["register_exit_status"] = f["exit_status"].map({"JS": "job_seeker", "NAE": "reduced_work_capacity"})
    f["measure_last_6_months_flag"] = np.where(f["measure"], "true", "false")
    f["gender_code"] = f["gender"]
    f["birth_region"] = f["region"]
    return f


# ---------------------------------------------------------------------------------------------
# Files


def test_headers_and_sizes(landing, frame, answers):
    """UTF-8, ';', the delivered headers of DESIGN.md, 8 439 frame rows and 2 166 answers."""
    for file, header, rows in ((FRAME_FILE, FRAME_COLUMNS, flow("drawn")), (ANSWERS_FILE, ANSWER_COLUMNS, ANSWERS)):
        lines = (landing / file).read_bytes().decode("utf-8").split("\n")
        assert lines[0] == ";".join(header)
        assert lines[-1] == "" and len(lines) == rows + 2
        assert not any('"' in line for line in lines)
        assert all(line.count(";") == len(header) - 1 for line in lines[1:-1])
    assert list(frame.columns) == ["lopenr", "fnr", "avgangsmaned", "stratum", "invitert"]
    assert frame["lopenr"].str.fullmatch(r"\d{6}").all() and frame["lopenr"].is_unique
    assert frame["avgangsmaned"].str.fullmatch(r"2013-(0[1-9]|1[0-2])").all()
    assert set(frame["stratum"]) == {"ARBS", "NEDS"} and set(frame["invitert"]) == {"0", "1"}
    assert answers["lopenr"].is_unique and answers["lopenr"].isin(frame["lopenr"]).all()


def test_answer_columns_are_the_item_seed(answers):
    """The answer columns after lopenr;svarmodus;mottatt are the item seed's, in its order."""
    items = pd.read_csv(SEEDS_DIR / "codes/followup_items.csv", dtype=str, keep_default_na=False)
    assert list(answers.columns[3:]) == list(items["item_code"])
    for item in items.itertuples():
        values = answers[item.item_code]
        values = values[values != ""]
        if item.valid_codes:
            allowed = set(item.valid_codes.split("|"))
        else:
            allowed = {str(v) for v in range(int(item.min_value), int(item.max_value) + 1)}
        assert values.isin(allowed).all(), item.item_code


def test_national_ids(frame, registers):
    """Valid mod-11 check digits; unique; every frame person in the persons extract once, with a
    birth country and no background person sharing the id."""
    fnr = frame["fnr"]
    assert fnr.str.fullmatch(r"\d{11}").all() and fnr.is_unique
    digits = np.array([[int(c) for c in value] for value in fnr])
    for weights, position in (([3, 7, 6, 1, 8, 9, 4, 5, 2], 9), ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], 10)):
        assert ((11 - digits[:, :position] @ np.array(weights) % 11) % 11 == digits[:, position]).all()
    persons = registers["persons"]
    assert persons["fnr"].is_unique
    assert fnr.isin(persons["fnr"]).all()
    mine = persons[persons["fnr"].isin(fnr)]
    assert (mine["fodeland"] != "").all() and mine["fodeland"].isin(COUNTRIES["iso3"]).all()
    assert len(persons) == BACKGROUND + len(frame)


def test_same_seed_same_bytes(tmp_path):
    def digests(folder, seed):
        return [hashlib.sha256(p.read_bytes()).hexdigest() for p in write_followup_deliveries(tmp_path / folder, seed)]
    assert digests("a", SEED) == digests("b", SEED)
    assert digests("c", SEED + 1) != digests("a", SEED)


# ---------------------------------------------------------------------------------------------
# Figur 28 and Tabell 37, from the files


def test_figur_28(frame, answers):
    """Figur 28's boxes, Tabell 38's invited total (by the frame's invitert) and Figur 30a/b's n."""
    invited = frame["invitert"] == "1"
    answered = frame["lopenr"].isin(answers["lopenr"])
    assert len(frame) == flow("drawn")
    assert invited.sum() == published_count(table_id="T38", indicator="register_exit_status", category="total",
                                            analysis_sample="all_invited")
    assert (~invited).sum() == flow("not_invited")
    assert len(answers) == ANSWERS
    assert (answered & invited).sum() == INVITED_RESPONDENTS
    # derived: the answers of persons the frame marks not invited, 2 166 - 2 164
    assert (answered & ~invited).sum() == ANSWERS - INVITED_RESPONDENTS
    assert (invited & ~answered).sum() == flow("no_answer")
    assert answered.sum() + (invited & ~answered).sum() == flow("invited")  # Figur 28's invited box
    by_stratum = frame.loc[answered, "stratum"].value_counts()
    assert by_stratum["ARBS"] == flow("answers_job_seeker")
    assert by_stratum["NEDS"] == flow("answers_reduced_work_capacity")


def test_every_frame_exit_is_found_by_the_rule(linked):
    """The rule finds an exit in the frame's month for every drawn person, from the stratum's
    status (before reclassification), and only one."""
    assert linked["exit_found"].notna().all()
    assert len(linked) == flow("drawn")
    assert (linked["main"].map({"JS": "ARBS", "NAE": "NEDS"}) == linked["stratum"]).all()
    assert (linked["region"] != "unknown").all()


def test_tabell_37(linked):
    """Every printed cell of Tabell 37 and Tabell 38 (counts exact, column percents within the
    printed rounding), recomputed from the register rows."""
    samples = {**{sample: linked["disposition"] == d for d, sample in DISPOSITIONS.items()},
               "all_drawn": pd.Series(True, index=linked.index),
               "all_invited": linked["disposition"].isin(["responded", "no_answer"])}
    cells = PUBLISHED[PUBLISHED["table_id"].isin(["T37", "T38"])]
    assert set(cells["indicator"]) == set(CHARACTERISTICS) and set(cells["analysis_sample"]) <= set(samples)
    checked = 0
    for cell in cells.itertuples():
        rows = samples[cell.analysis_sample]
        if cell.category != "total":
            rows = rows & (linked[cell.indicator] == cell.category)
        n = int(rows.sum())
        if cell.statistic == "count":
            assert n == float(cell.published_value), (cell.figure_id, cell.indicator, cell.category, n)
        else:
            share = 100 * n / samples[cell.analysis_sample].sum()
            assert abs(share - float(cell.published_value)) <= float(cell.tolerance), (cell.figure_id, share)
        checked += 1
    assert checked == len(cells) > 250
    # reclassified invited respondents, derived: Figur 30a's ARBS answers less Tabell 37's invited
    # job-seeker respondents less the answers of those not invited (1 608 - 1 466 - 2 = 140)
    responded = linked[linked["disposition"] == "responded"]
    reclassified = (responded["stratum"] == "ARBS") & (responded["exit_status"] == "NAE")
    extra_answers = ANSWERS - INVITED_RESPONDENTS
    job_seekers = published_count(table_id="T37", indicator="register_exit_status", category="job_seeker",
                                  analysis_sample="invited_responded")
    assert reclassified.sum() == flow("answers_job_seeker") - job_seekers - extra_answers
    extra = linked[(linked["disposition"] == "not_invited") & linked["answered"]]
    assert len(extra) == extra_answers and (extra["stratum"] == "ARBS").all() and (extra["exit_status"] == "JS").all()


def test_templates_vary(registers, linked):
    """The exit rule has work to do: reclassified exits, moves, open re-registrations, measures."""
    frame_arena = registers["arena"][registers["arena"]["fnr"].isin(linked["fnr"])]
    assert set(frame_arena["status"]) == JOB_SEEKER | REDUCED | {"RA"}
    assert frame_arena["tiltakskode"][frame_arena["tiltakskode"] != ""].isin(MEASURES["measure_code"]).all()
    assert ((frame_arena["tiltakskode"] != "") == frame_arena["status"].isin(["AT", "NT"])).all()
    assert (frame_arena["til_dato"] == "").sum() > 500  # re-registered, open at the extract
    per_person = frame_arena.groupby("fnr").size()
    assert per_person.max() >= 4 and (per_person == 1).any()
    assert (linked["exit_status"] != linked["main"]).sum() >= 500  # reclassified


# ---------------------------------------------------------------------------------------------
# Survey against registers (13.2), and the weighted outcomes


@pytest.fixture(scope="module")
def respondents(answers, linked) -> pd.DataFrame:
    a = answers.merge(linked, on="lopenr", how="left", validate="one_to_one")
    num = a[[c for c in answers.columns if c.startswith("q")]].replace("", np.nan).astype(float)
    a = pd.concat([a[["lopenr", "stratum", "gender", "age_band", "region", "measure", "aa_june", "ufor_june"]], num],
                  axis=1)
    excluded = num[["q07_05", "q07_08", "q07_09", "q07_10"]].notna().any(axis=1)
    a["ordinary_work"] = (num["q02"] == 1) & ~excluded
    # plain post-stratification to the frame, gender x age band pooled over the strata (the
    # warehouse's w_gender_age); a stratum's share is then a domain estimate with these weights
    cell = ["gender", "age_band"]
    population = linked.groupby(cell).size().rename("N")
    sample = a.groupby(cell).size().rename("n")
    a = a.join((population / sample).rename("weight"), on=cell)
    assert a["weight"].notna().all()
    return a


def comparison(indicator: str) -> pd.Series:
    """An unweighted row of the survey-against-register comparison (section 13.2)."""
    rows = PUBLISHED[(PUBLISHED["table_id"] == "S13.2") & (PUBLISHED["weighted_flag"] == "false")
                     & (PUBLISHED["indicator"] == indicator)]
    assert len(rows) == 1, indicator
    return rows.iloc[0]


def test_register_comparison_counts(respondents):
    """Section 13.2, unweighted over all answers: counts exact, shares within the printed rounding."""
    a = respondents
    assert len(a) == ANSWERS

    def share_matches(count: int, row: pd.Series) -> None:
        share = 100 * count / ANSWERS
        assert abs(share - float(row["published_value"])) <= float(row["tolerance"]), (row["indicator"], share)

    self_employed_only = (a["ordinary_work"] & (a["q03"] == 2)).sum()
    share_matches(a["ordinary_work"].sum(), comparison("survey_ordinary_work"))
    share_matches(a["aa_june"].sum(), comparison("register_employed_end_of_june"))
    share_matches(self_employed_only, comparison("survey_self_employed_only"))
    # the report adds the two shares (54.5 + 2.4)
    share_matches(a["aa_june"].sum() + self_employed_only, comparison("register_employed_plus_self_employed"))
    survey, register = a["q08_01"] == 1, a["ufor_june"]

    def count_of(indicator: str) -> float:
        return float(comparison(indicator)["published_value"])

    assert survey.sum() == count_of("disability_pension_survey")
    assert register.sum() == count_of("disability_pension_register")
    assert (survey & ~register).sum() == count_of("disability_pension_survey_yes_register_no")
    assert (~survey & register).sum() == count_of("disability_pension_survey_no_register_yes")
    # derived, not printed: both 274 - 17 = 257
    assert (survey & register).sum() == count_of("disability_pension_survey") - count_of(
        "disability_pension_survey_yes_register_no")
    # Q2: the report prints pooled weighted shares only; the demo plants them unweighted, so the
    # unweighted shares of the answers print as the published ones (one decimal).
    for category, mask in (("yes", a["q02"] == 1), ("no", a["q02"] == 2), ("not_answered", a["q02"].isna())):
        target = published(weighted_flag="true", group_code="all", indicator="q02_in_job", category=category)
        assert abs(100 * mask.sum() / ANSWERS - target) <= 0.05, (category, mask.sum())


def test_answers_coherent(respondents):
    a = respondents
    job_items = a[["q03", "q04", "q05", "q06a", "q06b", "q06c"]].notna().any(axis=1)
    violations = (a["q02"] == 2) & job_items
    assert 5 <= violations.sum() <= 15
    multi = {"q07": 13, "q08": 14, "q09": 14, "q12a": 16, "q14": 4}
    for prefix, last in multi.items():
        width = 1 if prefix == "q14" else 2
        boxes = [f"{prefix}_{i:0{width}d}" for i in range(1, last)]
        alone = f"{prefix}_{last:0{width}d}"
        assert not ((a[alone] == 1) & a[boxes].notna().any(axis=1)).any(), prefix
    for i in range(1, 16):
        rated = a[f"q12b_{i:02d}"].notna()
        assert not (rated & a[f"q12a_{i:02d}"].isna()).any()
        assert not (rated & (a["q02"] != 1)).any()
    # Q15 only by those who have worked, Q4 hours as whole numbers 1-99
    assert (a["q15_mnd"].notna() <= (a["q02"].notna() | a["q15_mnd"].notna())).all()
    assert a["q04"].dropna().between(1, 99).all()


def weighted_share(a: pd.DataFrame, y: pd.Series, base: pd.Series, stratum: str) -> tuple[float, float]:
    """Weighted share and its linearised standard error within one stratum."""
    rows = base & (a["stratum"] == stratum)
    w, v = a.loc[rows, "weight"].to_numpy(), y[rows].to_numpy(dtype=float)
    p = np.sum(w * v) / np.sum(w)
    z = w * (v - p) / np.sum(w)
    n = len(w)
    return p, float(np.sqrt(n / (n - 1) * np.sum(z**2)))


def _full_time() -> tuple[float, float]:
    """Figur 35 (job seekers) prints 63 / 24 / 12 (sum 99): the full-time share of the printed
    total; Figur 36 (reduced work capacity) prints 43 full time."""
    printed = {c: weighted("job_seeker", "work_time_class", c)
               for c in ("full_time", "long_part_time", "short_part_time")}
    return (printed["full_time"] / sum(printed.values()),
            weighted("reduced_work_capacity", "work_time_class", "full_time"))


@pytest.mark.parametrize("outcome,targets", [
    ("ordinary_work", per_stratum("transition_status", "ordinary_work")),
    ("permanent", per_stratum("employment_type", "permanent")),
    ("combines_benefit", per_stratum("combines_benefit_flag")),
    ("satisfied_nav", per_stratum("satisfied_nav_followup_flag")),
    ("high_own_effort", per_stratum("high_own_effort_flag")),
    ("full_time", _full_time()),
    ("relevant_education", per_stratum("relevant_education_flag")),
    ("relevant_job_wish", per_stratum("relevant_job_wish_flag")),
])
def test_weighted_outcomes(respondents, outcome, targets):
    a = respondents
    work = a["ordinary_work"]
    everyone = pd.Series(True, index=a.index)
    y_base = {
        "ordinary_work": (work, everyone),
        "permanent": (a["q05"] == 1, work & a["q05"].notna()),
        "combines_benefit": (a[[f"q08_{i:02d}" for i in range(1, 8)]].notna().any(axis=1), work),
        "satisfied_nav": (a["q10"] >= 4, a["q10"] <= 6),
        "high_own_effort": (a["q11"] >= 4, a["q11"] <= 6),
        "full_time": (a["q04"] >= 37, work & a["q04"].notna()),
        "relevant_education": (a["q06a"] >= 4, work & (a["q06a"] <= 6)),
        "relevant_job_wish": (a["q06c"] >= 4, work & (a["q06c"] <= 6)),
    }
    y, base = y_base[outcome]
    for stratum, target in zip(("ARBS", "NEDS"), targets):
        p, se = weighted_share(a, y, base, stratum)
        assert abs(p - target) <= 2.5 * se, (outcome, stratum, p, target, se)


def test_transition_status_and_applications(respondents):
    """Figur 30a/b shares (precedence of DESIGN.md) and Figur 53's mean applications."""
    a = respondents
    q7 = lambda code: a[f"q07_{code:02d}"] == 1  # noqa: E731
    not_job = a["q02"] != 1
    status = np.select(
        [a["ordinary_work"], q7(5) | q7(9), q7(7) | q7(8) | q7(10), q7(6), q7(11),
         (a["q08_01"] == 1) & a["q02"].notna() & not_job, (a["q08_02"] == 1) & a["q02"].notna() & not_job, q7(1)],
        ["work", "trainee", "measure", "education", "sick", "disability", "old_age", "job_seeker"], "other")
    everyone = pd.Series(True, index=a.index)
    names = {"work": "ordinary_work", "education": "self_financed_education", "measure": "nav_measure",
             "job_seeker": "job_seeker", "sick": "long_term_sick", "disability": "disability_pension"}
    targets = {name: per_stratum("transition_status", category) for name, category in names.items()}
    for name, pair in targets.items():
        for stratum, target in zip(("ARBS", "NEDS"), pair):
            p, se = weighted_share(a, pd.Series(status == name, index=a.index), everyone, stratum)
            assert abs(p - target) <= max(2.5 * se, 0.005), (name, stratum, p, target)
    midpoints = {2: 1.5, 3: 4, 4: 6.5, 5: 9, 6: 15.5, 7: 30.5, 8: 50.5, 9: 70.5, 10: 90.5, 11: 110.5}
    applied = a["q13a"].map(midpoints)
    for stratum, group in (("ARBS", "job_seeker"), ("NEDS", "reduced_work_capacity")):
        target = published(weighted_flag="true", group_code=group, indicator="jobs_applied_midpoint", category="")
        rows = applied.notna() & (a["stratum"] == stratum)
        mean = np.average(applied[rows], weights=a.loc[rows, "weight"])
        assert abs(mean - target) < 3, (stratum, mean)


def test_oldest_job_seekers_and_working_reduced_capacity(respondents):
    """Figur 31: of the former job seekers aged 60 and over 51% work, 14% are sick, 11% on a
    disability and 3% on an old-age pension; Figur 48: reduced work capacity in work more satisfied
    with NAV's follow-up (full time 63%, short part-time 70%) than all of them (53%)."""
    a = respondents
    oldest = (a["stratum"] == "ARBS") & (a["age_band"] == "60_plus")
    not_job = (a["q02"] != 1) & a["q02"].notna()
    q7 = lambda code: a[f"q07_{code:02d}"] == 1  # noqa: E731
    earlier = a["ordinary_work"] | q7(5) | q7(6) | q7(7) | q7(8) | q7(9) | q7(10) | q7(11)
    disability = ~earlier & (a["q08_01"] == 1) & not_job
    old_age = ~earlier & ~disability & (a["q08_02"] == 1) & not_job
    for y, category in ((a["ordinary_work"], "ordinary_work"), (disability, "disability_pension"),
                        (old_age, "old_age_pension")):
        target = weighted("job_seeker", "transition_status", f"{category};breakdown=age_band:60_plus")
        p, se = weighted_share(a, y, oldest, "ARBS")
        assert abs(p - target) <= max(2.5 * se, 0.01), (target, p, se)
    satisfied, rated = a["q10"] >= 4, a["q10"] <= 6
    full_time = a["ordinary_work"] & (a["q04"] >= 37)
    p_full, se = weighted_share(a, satisfied, rated & full_time, "NEDS")
    p_all, _ = weighted_share(a, satisfied, rated, "NEDS")
    target = weighted("reduced_work_capacity", "satisfied_nav_followup_flag", "breakdown=work_time_class:full_time")
    assert abs(p_full - target) <= 2.5 * se and p_full > p_all, (p_full, p_all)


def test_reduced_capacity_work_by_measure_and_birth_region(respondents):
    """Figur 32 (M2): of the former reduced work capacity 54% of those with a measure in the six
    months before the exit work vs 44% without (measure from the Arena spells); born outside the
    EEA 29%, in Norway 48%. Those with a measure are more often born outside the EEA, so the
    measure's effect all else equal is larger than the bivariate difference."""
    a = respondents
    work = a["ordinary_work"]
    for base, breakdown in ((a["measure"], "measure_last_6_months_flag:true"),
                            (~a["measure"], "measure_last_6_months_flag:false"),
                            (a["region"] == "outside_eea", "birth_region:outside_eea"),
                            (a["region"] == "norway", "birth_region:norway")):
        target = weighted("reduced_work_capacity", "transition_status", f"ordinary_work;breakdown={breakdown}")
        p, se = weighted_share(a, work, base, "NEDS")
        assert abs(p - target) <= 2.5 * se, (target, p, se)
    neds = a["stratum"] == "NEDS"
    outside = a["region"] == "outside_eea"
    assert (a.loc[neds & outside, "measure"].mean() > 1.5 * a.loc[neds & ~outside, "measure"].mean())
