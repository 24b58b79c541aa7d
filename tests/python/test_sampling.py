"""Drawing a follow-up frame from marts.fct_register_exit (nav_placement.sampling)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from nav_placement.sampling import SamplingError, draw_followup_sample, main


@pytest.fixture()
def build_db(tmp_path):
    """40 job seekers and 15 with reduced work capacity registered in their 2013 exit month (person
    p000 twice), of whom 5 job seekers exit from reduced work capacity after NAV's reclassification,
    a 2012 exit, an older register wave that must be ignored, and three 2013 job seekers nobody may
    write to: one emigrated by the exit (p300), one aged 70 (p301), one aged 15 (p302)."""
    rows = []
    for i in range(55):
        registered = "job_seeker" if i < 40 else "reduced_work_capacity"
        status = "reduced_work_capacity" if 35 <= i < 40 else registered
        rows.append((2014, f"p{i:03d}", dt.date(2013, 1 + i % 12, 1), 2013, status, registered, 30, False))
    rows.append((2014, "p000", dt.date(2013, 11, 1), 2013, "job_seeker", "job_seeker", 30, False))
    rows.append((2014, "p100", dt.date(2012, 5, 1), 2012, "job_seeker", "job_seeker", 30, False))
    rows.append((2013, "p200", dt.date(2013, 3, 1), 2013, "job_seeker", "job_seeker", 30, False))
    rows.append((2014, "p300", dt.date(2013, 4, 1), 2013, "job_seeker", "job_seeker", 30, True))
    rows.append((2014, "p301", dt.date(2013, 4, 1), 2013, "job_seeker", "job_seeker", 70, False))
    rows.append((2014, "p302", dt.date(2013, 4, 1), 2013, "job_seeker", "job_seeker", 15, False))
    path = tmp_path / "build.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.fct_register_exit (register_wave integer, person_key varchar, exit_month date, "
                "exit_year integer, exit_status varchar, registered_status varchar, age_at_exit integer, "
                "left_population_by_exit_flag boolean)")
    con.executemany("insert into marts.fct_register_exit values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    return path


STRATA = {"job_seeker": 30, "reduced_work_capacity": 10}


def test_sizes_layout_and_header(build_db, tmp_path):
    out = tmp_path / "frame.csv"
    frame = draw_followup_sample(build_db, 2013, STRATA, seed=2015, invite_share=0.8, out_path=out)
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "lopenr;person_key;avgangsmaned;stratum;invitert"
    written = pd.read_csv(out, sep=";", dtype=str)
    assert len(written) == 40
    assert written["stratum"].value_counts().to_dict() == {"ARBS": 30, "NEDS": 10}
    assert written.groupby("stratum")["invitert"].apply(lambda s: (s == "1").sum()).to_dict() == {"ARBS": 24, "NEDS": 8}
    assert set(written["invitert"]) == {"0", "1"}
    assert written["lopenr"].str.fullmatch(r"\d{6}").all() and written["lopenr"].is_unique
    assert written["person_key"].is_unique
    assert written["avgangsmaned"].str.fullmatch(r"2013-\d{2}").all()
    assert "p100" not in set(written["person_key"]) and "p200" not in set(written["person_key"])
    pd.testing.assert_frame_equal(frame, written)


def test_a_person_is_drawn_with_the_last_exit_of_the_year(build_db, tmp_path):
    frame = draw_followup_sample(build_db, 2013, {"job_seeker": 40}, seed=1)
    assert frame.loc[frame["person_key"] == "p000", "avgangsmaned"].tolist() == ["2013-11"]


def test_same_seed_same_file_other_seed_other_sample(build_db, tmp_path):
    first, second, other = (tmp_path / name for name in ("a.csv", "b.csv", "c.csv"))
    draw_followup_sample(build_db, 2013, STRATA, seed=7, invite_share=0.5, out_path=first)
    draw_followup_sample(build_db, 2013, dict(reversed(list(STRATA.items()))), seed=7, invite_share=0.5, out_path=second)
    draw_followup_sample(build_db, 2013, STRATA, seed=8, invite_share=0.5, out_path=other)
    assert first.read_bytes() == second.read_bytes()
    a, c = (set(pd.read_csv(p, sep=";", dtype=str)["person_key"]) for p in (first, other))
    assert a != c


def test_too_large_stratum_is_an_error(build_db):
    with pytest.raises(SamplingError, match="stratum reduced_work_capacity asks for 16 persons but has 15"):
        draw_followup_sample(build_db, 2013, {"job_seeker": 5, "reduced_work_capacity": 16}, seed=1)
    with pytest.raises(SamplingError, match="stratum nobody asks for 1 persons but has 0"):
        draw_followup_sample(build_db, 2013, {"nobody": 1}, seed=1)


def test_other_stratification_column(build_db):
    """By the exit status after reclassification, the 5 reclassified job seekers count as reduced
    work capacity: 35 + 20."""
    frame = draw_followup_sample(build_db, 2013, {"job_seeker": 35, "reduced_work_capacity": 20}, seed=3,
                                 stratify_by="exit_status")
    assert frame["stratum"].value_counts().to_dict() == {"ARBS": 35, "NEDS": 20}
    with pytest.raises(SamplingError, match="asks for 36 persons but has 35"):
        draw_followup_sample(build_db, 2013, {"job_seeker": 36}, seed=3, stratify_by="exit_status")
    with pytest.raises(SamplingError, match="no column 'nope'"):
        draw_followup_sample(build_db, 2013, {"job_seeker": 1}, seed=3, stratify_by="nope")


def test_the_warehouse_is_opened_read_only_and_closed(build_db):
    writer = duckdb.connect(str(build_db))  # a writer can open the file after the draw
    writer.close()
    draw_followup_sample(build_db, 2013, STRATA, seed=1)
    writer = duckdb.connect(str(build_db))
    writer.execute("select 1")
    writer.close()


def test_main(build_db, tmp_path, capsys):
    out = tmp_path / "sub" / "frame.csv"
    code = main(["--exit-year", "2013", "--strata", "job_seeker=6", "reduced_work_capacity=2", "--seed", "2015",
                 "--out", str(out), "--build-db", str(build_db)])
    assert code == 0
    assert "wrote 8 persons" in capsys.readouterr().out
    assert len(pd.read_csv(out, sep=";")) == 8
    code = main(["--exit-year", "2013", "--strata", "job_seeker=600", "--seed", "1", "--out", str(out),
                 "--build-db", str(build_db)])
    assert code == 2
    assert "asks for 600 persons but has 40" in capsys.readouterr().err


def test_persons_one_cannot_write_to_are_never_drawn(build_db):
    """Every registered job seeker of 2013 (40) but not the emigrated, the 70-year-old and the
    15-year-old; a wider age range lets the last two in."""
    frame = draw_followup_sample(build_db, 2013, {"job_seeker": 40}, seed=7)
    assert not {"p300", "p301", "p302"} & set(frame["person_key"])
    with pytest.raises(SamplingError, match="asks for 41 persons but has 40"):
        draw_followup_sample(build_db, 2013, {"job_seeker": 41}, seed=7)
    wider = draw_followup_sample(build_db, 2013, {"job_seeker": 42}, seed=7, ages=(15, 70))
    assert {"p301", "p302"} <= set(wider["person_key"]) and "p300" not in set(wider["person_key"])


def test_a_drawn_frame_round_trips_through_the_ingest(warehouse_copy):
    """`nav-placement sample-followup` on the demo warehouse writes a frame the follow-up frame
    contract accepts (person_key in place of fnr), and every drawn exit is one of the registers'."""
    from conftest import run_cli

    out = warehouse_copy.landing / "followup_frame" / "2015-05" / "oppfolging_utvalg_2015-05.csv"
    assert run_cli(warehouse_copy, "sample-followup", "--exit-year", "2013", "--strata", "job_seeker=300",
                   "reduced_work_capacity=100", "--seed", "2015", "--invite-share", "0.9", "--out", str(out)) == 0
    assert run_cli(warehouse_copy, "ingest") == 0
    con = duckdb.connect(str(warehouse_copy.build_db), read_only=True)
    try:
        counts = con.execute(
            "select stratum_code, count(*), count(*) filter (where invited_code = '1') "
            "from raw.followup_frame__frame where loaded_wave = 2015 group by 1 order by 1").fetchall()
        unmatched = con.execute(
            "select count(*) from raw.followup_frame__frame f where loaded_wave = 2015 and not exists ("
            "select 1 from marts.fct_register_exit e where e.person_key = f.person_key "
            "and strftime(e.exit_month, '%Y-%m') = f.exit_month and e.registered_status = case f.stratum_code "
            "when 'ARBS' then 'job_seeker' else 'reduced_work_capacity' end)").fetchone()[0]
    finally:
        con.close()
    assert counts == [("ARBS", 300, 270), ("NEDS", 100, 90)]
    assert unmatched == 0
