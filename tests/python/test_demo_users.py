"""Self-check of the Part 2 demo generator: its two files reproduce every published Part 2 number.

The groups, analysis samples and statistics are derived here in pandas straight from the
delivered files (DESIGN.md's rules, re-implemented plainly), independently of the warehouse and
of the generator, and compared with `seeds/reference/part2_published_figures.csv` row by row.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from nav_placement.demo.users import write_user_survey_deliveries
from nav_placement.paths import SEEDS_DIR


def seed(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / name, dtype=str, keep_default_na=False)


REFERENCE = seed("reference/part2_published_figures.csv")
ITEMS = seed("codes/user_survey_items.csv")
ANSWER_CODES = seed("codes/user_survey_answer_codes.csv")
DISPOSITIONS = seed("codes/user_survey_dispositions.csv")
STATUS_GROUPS = seed("codes/user_survey_status_groups.csv")
STATUSES = seed("codes/labour_market_statuses.csv")
COUNTRIES = seed("codes/country_groups.csv")
COUNTIES = seed("codes/counties_2014.csv")
SAMPLE_HEADER = ("Løpenr;Utfall;Kjønn;Fødselsdato;Ytelse;Fylkesnr;Arbeidsmarkedsstatus;Statusgruppe;"
                 "Arbeidssøkervarighet uker;Fødeland;Vekt")
EPSILON = 1e-9  # a difference equal to the tolerance passes, as in the warehouse
Q6_CATEGORIES = {"zero": 1, "count_recorded": 2, "dont_know": 8, "not_applicable": 9}
VULNERABLE = ("ungdom", "ikke_vestlige_innvandrere", "nedsatt_arbeidsevne", "nae_pa_tiltak", "nae_ikke_pa_tiltak",
              "langtidsarbeidssokere", "lav_utdanning")


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    return write_user_survey_deliveries(tmp_path_factory.mktemp("landing"))


@pytest.fixture(scope="module")
def gross(delivered) -> pd.DataFrame:
    return pd.read_csv(delivered[0], sep=";", dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def sav(delivered):
    return pyreadstat.read_sav(str(delivered[1]), user_missing=True)


@pytest.fixture(scope="module")
def people(gross, sav) -> pd.DataFrame:
    """Every interview with its register row and derived groups and samples."""
    interviews = sav[0].assign(LOPENR=sav[0]["LOPENR"].astype(int).astype(str).str.zfill(6))
    frame = interviews.merge(gross, left_on="LOPENR", right_on="Løpenr", how="left", validate="one_to_one")
    return derive(frame)


def derive(frame: pd.DataFrame) -> pd.DataFrame:
    """Groups and analysis samples by DESIGN.md's rules, from raw cells only."""
    western = set(COUNTRIES.loc[COUNTRIES["western_flag"] == "true", "iso3"])
    nae_codes = set(STATUSES.loc[STATUSES["nae_flag"] == "true", "labour_market_status_code"])
    measure_codes = set(STATUSES.loc[STATUSES["nae_on_measure_flag"] == "true", "labour_market_status_code"])
    status_names = dict(zip(STATUS_GROUPS["status_group_code"], STATUS_GROUPS["status_group"]))
    age = 2013 - frame["Fødselsdato"].str[:4].astype(int)
    weeks = pd.to_numeric(frame["Arbeidssøkervarighet uker"], errors="coerce")
    frame = frame.assign(
        status_group=frame["Statusgruppe"].map(status_names),
        age=age,
        weight=frame["Vekt"].str.replace(",", ".").astype(float),
        ungdom=age.between(16, 24),
        ikke_vestlige_innvandrere=~frame["Fødeland"].isin(western),
        nedsatt_arbeidsevne=frame["Arbeidsmarkedsstatus"].isin(nae_codes),
        nae_pa_tiltak=frame["Arbeidsmarkedsstatus"].isin(measure_codes),
        nae_ikke_pa_tiltak=frame["Arbeidsmarkedsstatus"].isin(nae_codes - measure_codes),
        langtidsarbeidssokere=weeks >= 26,
        lav_utdanning=frame["UTD"] == 1,
        as1=frame["Utfall"] == "60",
    )
    seeking = frame["Q5"].isin([1, 3])
    frame["as3"] = frame["as1"] & ((frame[["Q2A", "Q2B", "Q2C", "Q2D"]] == 1).any(axis=1) | seeking)
    for service in "ABCD":
        frame[f"as2_{service}"] = frame["as1"] & ((frame[f"Q2{service}"] == 1) | seeking)
    frame["as2"] = frame["as2_D"]
    return frame


def group(frame: pd.DataFrame, group_type: str, group_code: str) -> pd.Series:
    if group_type == "all":
        return pd.Series(True, index=frame.index)
    if group_type == "status_group":
        return frame["status_group"] == group_code
    if group_type in ("vulnerable_group", "register_status"):
        return frame[group_code]
    if group_type == "complement":
        if group_code in ("nedsatt_arbeidsevne", "nae_pa_tiltak", "nae_ikke_pa_tiltak"):
            return ~frame["nedsatt_arbeidsevne"]
        if group_code == "lav_utdanning":
            return frame["UTD"].isin([2, 3, 4])
        return ~frame[group_code]
    raise AssertionError(group_type)


def item_sample(frame: pd.DataFrame, variable: str) -> pd.Series:
    item = ITEMS.set_index("variable").loc[variable]
    if item["analysis_sample"] == "2":
        return frame[f"as2_{item['item_letter'].upper()}"]
    return frame["as3"] if item["analysis_sample"] == "3" else frame["as1"]


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    return float((values * weights).sum() / weights.sum())


def weighted_median(values: pd.Series, weights: pd.Series) -> float:
    order = values.sort_values().index
    cumulative = weights[order].cumsum() / weights.sum()
    return float(values[order][cumulative >= 0.5].iloc[0])


def crosstab_codes(category: str) -> list[str]:
    if category == "uten_informasjon":
        return [""]
    return list(STATUSES.loc[STATUSES["main_group"] == category, "labour_market_status_code"])


def computed(row, people: pd.DataFrame, gross: pd.DataFrame) -> float:
    """The value of one reference row, computed from the delivered files."""
    flags = DISPOSITIONS.set_index("disposition_code")
    if row.table_id == "F6" and row.statistic == "count":
        if row.category == "drawn":
            return len(gross)
        flag = {"quota_full": "quota_not_contacted_flag"}.get(row.category, f"{row.category}_flag")
        return gross["Utfall"].map(flags[flag]).eq("true").sum()
    if row.statistic == "response_rate":
        outcome = gross["Utfall"]
        interviews = outcome.map(flags["interview_flag"]).eq("true").sum()
        nonresponse = outcome.map(flags["nonresponse_flag"]).eq("true").sum()
        quota = outcome.map(flags["quota_not_contacted_flag"]).eq("true").sum()
        share = float(REFERENCE.set_index("indicator").loc["quota_not_contacted_in_target_share", "published_value"])
        return 100 * interviews / (interviews + nonresponse + share / 100 * quota)
    if row.weighted_flag == "true":
        return weighted(row, people, group(people, row.group_type, row.group_code))
    sample = people[f"as{row.analysis_sample}"]
    members = sample & group(people, row.group_type, row.group_code)
    if row.indicator == "labour_market_status_code" and row.category:
        members &= people["Arbeidsmarkedsstatus"].isin(crosstab_codes(row.category))
    if row.indicator == "Q6" and row.category:
        cell = members & (people["Q6"] == Q6_CATEGORIES[row.category])
        return cell.sum() if row.statistic == "n" else 100 * cell.sum() / members.sum()
    return members.sum() if row.statistic == "n" else 100 * members.sum() / sample.sum()


def weighted(row, people: pd.DataFrame, members: pd.Series) -> float:
    """A weighted prose figure: share, mean, median or difference of means."""
    indicator, category, weight = row.indicator, row.category, people["weight"]
    if indicator in ("gender_code", "age", "UTD"):
        members = members & people["as1"]
    if indicator == "gender_code":
        return 100 * weighted_mean(people.loc[members, "Kjønn"] == category, weight[members])
    if indicator == "age":
        return weighted_mean(people.loc[members, "age"], weight[members])
    if indicator == "UTD":
        return 100 * weighted_mean(people.loc[members, "UTD"] == int(category), weight[members])
    members &= item_sample(people, indicator)
    values = people[indicator]
    if indicator == "Q6ANT":
        members &= people["Q6"] == Q6_CATEGORIES["count_recorded"]
        function = weighted_mean if row.statistic == "mean" else weighted_median
        return function(values[members], weight[members])
    valid = values.between(1, 6)
    if row.statistic == "mean":
        return weighted_mean(values[members & valid], weight[members & valid])
    if row.statistic == "mean_difference":
        rest = people["as1"] & group(people, "complement", row.group_code) & valid
        return weighted_mean(values[members & valid], weight[members & valid]) - \
            weighted_mean(values[rest], weight[rest])
    if category == "4_6":
        return 100 * weighted_mean(values[members & valid] >= 4, weight[members & valid])
    hit = {"1": values == 1, "not_answered": values.isin([8, 9]), "dont_know": values == 8,
           "not_applicable": values == 9}[category]
    return 100 * weighted_mean(hit[members], weight[members])


def test_every_reference_row_is_reproduced(people, gross):
    misses = []
    for row in REFERENCE.itertuples():
        if row.indicator == "quota_not_contacted_in_target_share":
            continue  # the response-rate formula's assumption, used in the response-rate row
        value = float(computed(row, people, gross))
        if not abs(value - float(row.published_value)) <= float(row.tolerance) + EPSILON:
            misses.append(f"{row.figure_id} {row.table_id} {row.group_type} {row.group_code} {row.indicator} "
                          f"{row.category} {row.statistic}: {value:.4f} vs {row.published_value} ± {row.tolerance}")
    assert misses == [], "\n".join(misses)


def test_contradictions_are_settled_as_the_notes_say(people, gross):
    """Where the report contradicts itself the seed's note names the planted count: it is exact."""
    planted = REFERENCE[REFERENCE["note"].str.match(r"planted \d+")]
    assert len(planted) >= 10
    for row in planted.itertuples():
        wanted = int(re.match(r"planted (\d+)", row.note).group(1))
        assert computed(row, people, gross) == wanted, row.figure_id
    exact = REFERENCE[(REFERENCE["statistic"].isin(["n", "count"])) & (REFERENCE["tolerance"] == "0")]
    for row in exact.itertuples():
        assert computed(row, people, gross) == float(row.published_value), row.figure_id


def test_gross_sample_layout(delivered, gross):
    raw = delivered[0].read_bytes()
    assert raw.startswith(SAMPLE_HEADER.encode("utf-8") + b"\r\n")
    raw.decode("utf-8")  # strict UTF-8, no BOM
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert list(gross.columns) == SAMPLE_HEADER.split(";")
    assert gross["Løpenr"].str.fullmatch(r"\d{6}").all() and gross["Løpenr"].is_unique
    assert set(gross["Utfall"]) <= set(DISPOSITIONS["disposition_code"])
    assert set(gross["Kjønn"]) == {"K", "M"}
    assert gross["Fødselsdato"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    assert set(gross["Fylkesnr"]) - {""} <= set(COUNTIES["county_code"])
    assert set(gross["Arbeidsmarkedsstatus"]) - {""} <= set(STATUSES["labour_market_status_code"])
    assert set(gross["Statusgruppe"]) == set(STATUS_GROUPS["status_group_code"])
    assert set(gross["Fødeland"]) - {""} <= set(COUNTRIES["iso3"])
    assert (gross["Fødeland"] == "").any()
    weeks = gross["Arbeidssøkervarighet uker"]
    assert (weeks == "").mean() > 0.3 and weeks[weeks != ""].str.fullmatch(r"\d+").all()
    interviewed = gross["Utfall"].isin(["50", "60"])
    assert (gross.loc[interviewed, "Vekt"] != "").all() and (gross.loc[~interviewed, "Vekt"] == "").all()
    assert gross.loc[interviewed, "Vekt"].str.fullmatch(r"\d+,\d{6}").all()


def test_register_codes_hold_the_boundaries(people, gross):
    """Raw codes only, with the edge cases a derivation must get right."""
    complete = people[people["as1"]]
    births = set(complete["Fødselsdato"])
    assert {"1989-12-31", "1988-12-31"} <= births  # 24 (youth) and 25 (not) at the end of 2013
    assert complete["age"].between(16, 69).all()
    weeks = complete["Arbeidssøkervarighet uker"]
    assert {"25", "26"} <= set(weeks)
    assert (weeks == "").any()
    countries = set(complete["Fødeland"])
    assert {"POL", "TUR", "SWE", ""} <= countries
    assert complete.loc[complete["Fødeland"].isin(["POL", "TUR", ""]), "ikke_vestlige_innvandrere"].all()
    assert not complete.loc[complete["Fødeland"] == "SWE", "ikke_vestlige_innvandrere"].any()
    jobseekers = complete["status_group"].isin(["helt_ledige", "delvis_ledige", "arbeidssokere_pa_tiltak"])
    assert not complete.loc[jobseekers, "nedsatt_arbeidsevne"].any()
    benefits = complete.groupby("status_group")["Ytelse"].agg(set)
    assert benefits["mottakere_aap"] == {"AAP"} and benefits["sykmeldte"] == {"SYKP"}
    assert benefits["enslige_forsorgere"] == {"OVST"}


def test_county_weights(gross):
    interviewed = gross[gross["Vekt"] != ""]
    weight = interviewed["Vekt"].str.replace(",", ".").astype(float)
    assert abs(weight.mean() - 1) < 0.001
    assert weight.groupby(interviewed["Fylkesnr"]).nunique().eq(1).all()
    population = gross.loc[gross["Fylkesnr"] != "", "Fylkesnr"].value_counts(normalize=True)
    interviews = interviewed["Fylkesnr"].value_counts(normalize=True)
    expected = (population / interviews)[interviewed["Fylkesnr"]].to_numpy()
    assert np.allclose(weight.to_numpy(), expected, atol=5e-7)
    assert weight.min() < 0.95 and weight.max() > 1.05  # the counties did answer differently


def test_interview_file_labels_and_missing_codes(sav):
    data, meta = sav
    assert list(data.columns) == ["LOPENR", "INTDATO", "FULLFORT", *ITEMS["variable"]]
    labels = dict(zip(meta.column_names, meta.column_labels))
    assert all(labels[v] == label for v, label in zip(ITEMS["variable"], ITEMS["label_nb"]))
    for item in ITEMS.itertuples():
        codes = ANSWER_CODES[ANSWER_CODES["answer_scale"] == item.answer_scale]
        if len(codes):
            assert meta.variable_value_labels[item.variable] == {
                float(c): label for c, label in zip(codes["code"], codes["label_nb"])}
        missing = sorted(float(c) for c in codes.loc[codes["valid_flag"] == "false", "code"])
        declared = sorted(float(r["lo"]) for r in meta.missing_ranges.get(item.variable, []))
        assert declared == missing, item.variable
    assert meta.missing_ranges["Q1A"] and meta.variable_value_labels["FULLFORT"]
    assert (data["Q1A"] == 9).any() and (data["Q1A"] == 8).any()  # user-missing kept as codes
    assert meta.file_encoding.lower().replace("-", "") == "utf8"


def test_routing_and_break_offs(people):
    complete, broken = people[people["as1"]], people[~people["as1"]]
    assert (people["FULLFORT"] == people["as1"].astype(int)).all()
    assert set(broken["Utfall"]) == {"50"} and set(complete["Utfall"]) == {"60"}
    for item in ITEMS.itertuples():
        if item.variable == "Q6ANT":
            asked = complete["as3"] & (complete["Q6"] == 2)
        else:
            asked = item_sample(complete, item.variable)[complete.index]
        assert complete.loc[asked, item.variable].notna().all(), item.variable
        assert complete.loc[~asked, item.variable].isna().all(), item.variable
    assert broken["UTD"].isna().mean() > 0.9 and broken["Q1A"].notna().all()
    answered = broken[[i for i in ITEMS["variable"] if i.startswith("Q2")]].notna().all(axis=1)
    assert 0 < answered.mean() < 1  # some broke off at Q2, most later
    assert (complete["Q2E"] == 1).eq((complete[["Q2A", "Q2B", "Q2C", "Q2D"]] == 0).all(axis=1)).all()


def test_prose_directions(people):
    """A few of the report's qualitative findings that no seed row carries."""
    s3 = people[people["as3"]]

    def share(frame, column, mask):
        return weighted_mean(frame.loc[mask, column] == 1, frame.loc[mask, "weight"])

    for column in ("Q8A", "Q8H"):  # youth and long-term job seekers use more channels
        assert share(s3, column, s3["ungdom"]) > share(s3, column, ~s3["ungdom"])
        assert share(s3, column, s3["langtidsarbeidssokere"]) > share(s3, column, ~s3["langtidsarbeidssokere"])
    assert share(s3, "Q10B", s3["nae_ikke_pa_tiltak"]) < share(s3, "Q10B", ~s3["nedsatt_arbeidsevne"])
    counted = s3[s3["Q6"] == 2]
    assert counted.loc[counted["ungdom"], "Q6ANT"].mean() > counted.loc[~counted["ungdom"], "Q6ANT"].mean()
    knowledge = people[people["as1"] & people["Q1A"].between(1, 6)]
    jobseekers = knowledge["status_group"].isin(["helt_ledige", "delvis_ledige", "arbeidssokere_pa_tiltak"])
    assert knowledge.loc[jobseekers, "Q1A"].mean() > knowledge.loc[knowledge["status_group"] == "sykmeldte",
                                                                   "Q1A"].mean()


def test_no_national_ids(delivered, gross, sav):
    """No column holds an 11-digit number (a fødselsnummer)."""
    eleven = re.compile(r"\d{11}")
    assert not any(gross[c].str.contains(eleven).any() for c in gross.columns)
    data = sav[0]
    for column in data.columns:
        text = data[column].dropna().map(lambda v: f"{v:.0f}" if isinstance(v, float) else str(v))
        assert not text.str.contains(eleven).any(), column


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes(delivered, tmp_path):
    again = write_user_survey_deliveries(tmp_path / "in_process")
    assert [sha256(p) for p in again] == [sha256(p) for p in delivered]
    script = ("import sys; from pathlib import Path; from nav_placement.demo.users import "
              "write_user_survey_deliveries as w; print(*w(Path(sys.argv[1])), sep='\\n')")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "other_process")], check=True,
                         capture_output=True, text=True).stdout.split()
    assert [sha256(Path(p)) for p in out] == [sha256(p) for p in delivered]
