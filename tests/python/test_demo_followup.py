"""Self-check of the follow-up survey demo (Part 3, Oppfølgingsundersøkelsen): the frame and the
answers as DESIGN.md fixes them, and the register rows of the drawn persons telling the same
story as the report (Figur 28, Tabell 37, section 13.2 and the main outcome shares).

Everything is read back from the written CSV files and recomputed here with simple, independent
code: NAV's exit rule from the Arena spells (status at month end, pandas), the Tabell 37
characteristics from the persons extract and the spells, the survey derivations of DESIGN.md and
a plain post-stratification (frame counts / respondent counts per gender x age band, pooled over
the strata as the warehouse's w_gender_age).
No warehouse is needed.
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
DISPOSITIONS = ("responded", "no_answer", "not_invited")
# Tabell 37 (AFI r2014:14), per disposition
TABELL_37 = {
    "exit_status": {"JS": (1466, 4405, 341), "NAE": (698, 1422, 107)},
    "measure": {False: (1774, 4735, 343), True: (390, 1092, 105)},
    "gender": {"M": (947, 3124, 230), "K": (1217, 2703, 218)},
    "region": {"Norge": (1539, 4227, 346), "EØS": (265, 635, 29), "utenfor EØS": (360, 965, 73)},
    "age_band": {"under 20": (51, 252, 20), "20-24": (173, 1099, 82), "25-29": (231, 956, 66),
                 "30-39": (473, 1490, 102), "40-49": (500, 1085, 91), "50-59": (522, 681, 59),
                 "60+": (214, 264, 28)},
}


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
    f["region"] = np.where(country == "NOR", "Norge", np.where(country.isin(eea), "EØS", "utenfor EØS"))
    f.loc[country.isna() | (country == ""), "region"] = "unknown"
    month_end = pd.to_datetime(f["avgangsmaned"] + "-01") + pd.offsets.MonthEnd(0)
    birth = pd.to_datetime(f["fnr"].map(persons["fodselsdato"]))
    before_birthday = (month_end.dt.month < birth.dt.month) | \
        ((month_end.dt.month == birth.dt.month) & (month_end.dt.day < birth.dt.day))
    age = month_end.dt.year - birth.dt.year - before_birthday
    f["age"] = age
    f["age_band"] = pd.cut(age, [0, 19, 24, 29, 39, 49, 59, 200],
                           labels=list(TABELL_37["age_band"])).astype(str)
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
    return f


# ---------------------------------------------------------------------------------------------
# Files


def test_headers_and_sizes(landing, frame, answers):
    """UTF-8, ';', the delivered headers of DESIGN.md, 8 439 frame rows and 2 166 answers."""
    for file, header, rows in ((FRAME_FILE, FRAME_COLUMNS, 8_439), (ANSWERS_FILE, ANSWER_COLUMNS, 2_166)):
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
    path = SEEDS_DIR / "codes/followup_items.csv"
    if not path.exists():
        pytest.skip("seeds/codes/followup_items.csv not there yet")
    items = pd.read_csv(path, dtype=str, keep_default_na=False)
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
    invited = frame["invitert"] == "1"
    answered = frame["lopenr"].isin(answers["lopenr"])
    assert len(frame) == 8_439 and invited.sum() == 7_991 and (~invited).sum() == 448
    assert len(answers) == 2_166 and (answered & invited).sum() == 2_164 and (answered & ~invited).sum() == 2
    assert (invited & ~answered).sum() == 5_827
    assert answered.sum() + (invited & ~answered).sum() == 7_993  # Figur 28's invited box
    by_stratum = frame.loc[answered, "stratum"].value_counts()
    assert by_stratum["ARBS"] == 1_608 and by_stratum["NEDS"] == 558


def test_every_frame_exit_is_found_by_the_rule(linked):
    """The rule finds an exit in the frame's month for every drawn person, from the stratum's
    status (before reclassification), and only one."""
    assert linked["exit_found"].notna().all()
    assert len(linked) == 8_439
    assert (linked["main"].map({"JS": "ARBS", "NAE": "NEDS"}) == linked["stratum"]).all()
    assert (linked["region"] != "unknown").all()


def test_tabell_37(linked):
    """Every marginal of Tabell 37, per disposition, recomputed from the register rows."""
    for characteristic, rows in TABELL_37.items():
        counts = linked.groupby(["disposition", characteristic]).size()
        for category, expected in rows.items():
            for disposition, value in zip(DISPOSITIONS, expected):
                assert counts.get((disposition, category), 0) == value, (characteristic, category, disposition)
    responded = linked[linked["disposition"] == "responded"]
    reclassified = (responded["stratum"] == "ARBS") & (responded["exit_status"] == "NAE")
    assert reclassified.sum() == 140
    extra = linked[(linked["disposition"] == "not_invited") & linked["answered"]]
    assert len(extra) == 2 and (extra["stratum"] == "ARBS").all() and (extra["exit_status"] == "JS").all()


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


def test_register_comparison_counts(respondents):
    a = respondents
    assert a["ordinary_work"].sum() == 1_228
    assert (a["q02"] == 1).sum() == 1_319 and (a["q02"] == 2).sum() == 791 and a["q02"].isna().sum() == 56
    assert a["aa_june"].sum() == 1_180
    assert (a["ordinary_work"] & (a["q03"] == 2)).sum() == 52
    survey, register = a["q08_01"] == 1, a["ufor_june"]
    assert survey.sum() == 274 and register.sum() == 260
    assert (survey & register).sum() == 257 and (survey & ~register).sum() == 17 and (~survey & register).sum() == 3


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


@pytest.mark.parametrize("outcome,targets", [
    ("ordinary_work", (0.60, 0.46)), ("permanent", (0.62, 0.84)), ("combines_benefit", (0.121, 0.407)),
    ("satisfied_nav", (0.41, 0.53)), ("high_own_effort", (0.91, 0.90)), ("full_time", (0.63 / 0.99, 0.43)),
    ("relevant_education", (0.60, 0.77)), ("relevant_job_wish", (0.74, 0.90)),
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
    targets = {"work": (0.60, 0.46), "education": (0.03, 0.02), "measure": (0.08, 0.05),
               "job_seeker": (0.16, 0.07), "sick": (0.04, 0.14), "disability": (0.002, 0.15)}
    for name, pair in targets.items():
        for stratum, target in zip(("ARBS", "NEDS"), pair):
            p, se = weighted_share(a, pd.Series(status == name, index=a.index), everyone, stratum)
            assert abs(p - target) <= max(2.5 * se, 0.005), (name, stratum, p, target)
    midpoints = {2: 1.5, 3: 4, 4: 6.5, 5: 9, 6: 15.5, 7: 30.5, 8: 50.5, 9: 70.5, 10: 90.5, 11: 110.5}
    applied = a["q13a"].map(midpoints)
    for stratum, target in (("ARBS", 22), ("NEDS", 19)):
        rows = applied.notna() & (a["stratum"] == stratum)
        mean = np.average(applied[rows], weights=a.loc[rows, "weight"])
        assert abs(mean - target) < 3, (stratum, mean)


def test_oldest_job_seekers_and_working_reduced_capacity(respondents):
    """Figur 31: of the former job seekers aged 60 and over 51% work, 14% are sick, 11% on a
    disability and 3% on an old-age pension; Figur 48: reduced work capacity in work more satisfied
    with NAV's follow-up (full time 63%, short part-time 70%) than all of them (53%)."""
    a = respondents
    oldest = (a["stratum"] == "ARBS") & (a["age_band"] == "60+")
    not_job = (a["q02"] != 1) & a["q02"].notna()
    q7 = lambda code: a[f"q07_{code:02d}"] == 1  # noqa: E731
    earlier = a["ordinary_work"] | q7(5) | q7(6) | q7(7) | q7(8) | q7(9) | q7(10) | q7(11)
    disability = ~earlier & (a["q08_01"] == 1) & not_job
    old_age = ~earlier & ~disability & (a["q08_02"] == 1) & not_job
    for y, target in ((a["ordinary_work"], 0.51), (disability, 0.11), (old_age, 0.03)):
        p, se = weighted_share(a, y, oldest, "ARBS")
        assert abs(p - target) <= max(2.5 * se, 0.01), (target, p, se)
    satisfied, rated = a["q10"] >= 4, a["q10"] <= 6
    full_time = a["ordinary_work"] & (a["q04"] >= 37)
    p_full, se = weighted_share(a, satisfied, rated & full_time, "NEDS")
    p_all, _ = weighted_share(a, satisfied, rated, "NEDS")
    assert abs(p_full - 0.63) <= 2.5 * se and p_full > p_all, (p_full, p_all)


def test_reduced_capacity_work_by_measure_and_birth_region(respondents):
    """Figur 32 (M2): of the former reduced work capacity 54% of those with a measure in the six
    months before the exit work vs 44% without (measure from the Arena spells); born outside the
    EEA 29%, in Norway 48%. Those with a measure are more often born outside the EEA, so the
    measure's effect all else equal is larger than the bivariate difference."""
    a = respondents
    work = a["ordinary_work"]
    for base, target in ((a["measure"], 0.54), (~a["measure"], 0.44), (a["region"] == "utenfor EØS", 0.29),
                         (a["region"] == "Norge", 0.48)):
        p, se = weighted_share(a, work, base, "NEDS")
        assert abs(p - target) <= 2.5 * se, (target, p, se)
    neds = a["stratum"] == "NEDS"
    outside = a["region"] == "utenfor EØS"
    assert (a.loc[neds & outside, "measure"].mean() > 1.5 * a.loc[neds & ~outside, "measure"].mean())
