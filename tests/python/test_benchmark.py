"""The register benchmark on a tiny size: it prints its figures (no timing is asserted), the exits
its models hold after the full build and the incremental build of one month more are those of a
person-month reading of NAV's rule, and the six-month status and the flags of the models rebuilt
whole are those of a reading of the spells by dates."""

from __future__ import annotations

import re

import duckdb
import pytest

from nav_placement import benchmark

PERSONS = 2_000


@pytest.fixture(scope="module")
def benchmark_run(tmp_path_factory):
    keep = tmp_path_factory.mktemp("benchmark")
    captured = []
    original = print

    def capture(*args, **kwargs):
        captured.append(" ".join(str(a) for a in args))
        original(*args, **kwargs)

    benchmark.print = capture  # the module's print, not the test runner's
    try:
        assert benchmark.main(["--persons", str(PERSONS), "--keep", str(keep)]) == 0
    finally:
        del benchmark.print
    return "\n".join(captured), keep / f"persons_{PERSONS}" / "build.duckdb"


def test_prints_the_figures(benchmark_run):
    output, _ = benchmark_run
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("| persons"))
    assert [c.strip() for c in header.strip("|").split("|")] == list(benchmark.HEADER)
    row = next(line for line in lines if line.startswith("| 2 000 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    persons, spells, exits = (int(c.replace(" ", "")) for c in cells[:3])
    assert persons == PERSONS and spells > persons and 0 < exits < spells
    assert len(cells) == len(benchmark.HEADER)
    for figure in cells[3:]:
        assert re.fullmatch(r"\d+(\.\d+)?", figure), figure
    assert "ratio = build s / scan+sort s" in output


def test_no_national_id_in_the_benchmark_warehouse(benchmark_run):
    _, database = benchmark_run
    con = duckdb.connect(str(database), read_only=True)
    try:
        keys = con.execute("select person_key from raw.register_persons__persons limit 5").fetchall()
        assert all(re.fullmatch(r"[0-9a-f]{32}", key) for (key,) in keys)
        assert con.execute("select count(*) from raw.register_arena__status_spells "
                           "where regexp_matches(person_key, '^[0-9]{11}$')").fetchone() == (0,)
    finally:
        con.close()


# NAV's rule read month by month: the status held at each month end, an exit in m when held at
# the end of m and at the end of neither m + 1 nor m + 2, reclassified with reduced work capacity
# at the end of one of the five months before; one exit per person and month (reduced work
# capacity first). Slow (person-months), but independent of the spell-based models.
PERSON_MONTHS = """
create temp table spans as
select register_wave, person_key, main_status,
    year(start_date) * 12 + month(start_date) - 1 as first_month,
    case when end_date is null then 119999
         when day(end_date + 1) = 1 then year(end_date) * 12 + month(end_date) - 1
         else year(end_date) * 12 + month(end_date) - 2 end as last_month
from intermediate.int_register_arena_spells
where main_status in ('job_seeker', 'reduced_work_capacity');

create temp table observed as
select max(observed_through_month_index) as last_month from intermediate.int_register_exits;

create temp table held as
select distinct spans.register_wave, spans.person_key, spans.main_status, months.m
from spans
join (select unnest(range(2000 * 12, (select last_month + 1 from observed))) as m) as months
    on months.m between spans.first_month and spans.last_month;

create temp table rule_exits as
select a.*
from held as a
where a.m + 2 <= (select last_month from observed)
  and not exists (select 1 from held as b
                  where b.person_key = a.person_key and b.main_status = a.main_status
                    and b.m in (a.m + 1, a.m + 2));

create temp table reference_exits as
select e.person_key, e.m as exit_month_index, e.main_status as registered_status,
    case when e.main_status = 'job_seeker'
          and exists (select 1 from held as b where b.person_key = e.person_key
                      and b.main_status = 'reduced_work_capacity' and b.m between e.m - 5 and e.m - 1)
         then 'reduced_work_capacity' else e.main_status end as exit_status
from rule_exits as e
where not (e.main_status = 'job_seeker'
           and exists (select 1 from rule_exits as n where n.person_key = e.person_key
                       and n.m = e.m and n.main_status = 'reduced_work_capacity'));
"""


def test_spell_based_exits_equal_a_person_month_reading(benchmark_run):
    _, database = benchmark_run
    con = duckdb.connect(str(database))
    try:
        con.execute(PERSON_MONTHS)
        models = ("select person_key, exit_month_index, registered_status, exit_status "
                  "from intermediate.int_register_exits")
        reference = "select * from reference_exits"
        assert con.execute(f"select count(*) from ({reference})").fetchone()[0] > 100
        assert con.execute(f"select count(*) from ({reference} except {models})").fetchone() == (0,)
        assert con.execute(f"select count(*) from ({models} except {reference})").fetchone() == (0,)
        # the fact holds every exit of persons aged 16 and over, once; the statistic's population is flagged
        assert con.execute("select count(*) from marts.fct_register_exit").fetchone() == con.execute(
            "select count(*) from intermediate.int_register_exits where age_at_exit >= 16").fetchone()
        assert con.execute("select count(*) from marts.fct_register_exit where in_statistics_population_flag "
                           "and not (age_at_exit between 20 and 66)").fetchone() == (0,)
    finally:
        con.close()


# The status six months after, the measure flag and the long-term flag, read straight from the
# spells with dates (no month indexes, no conditional aggregates): a spell holds at the end of
# month m + 6 when it starts on or before that day and ends on or after it or is open.
SPELL_DATES = """
create temp table follow_up as
select f.person_key, f.exit_month, f.six_month_status, f.measure_last_6_months_flag,
    f.long_term_job_seeker_flag, f.arena_status_code,
    last_day(f.exit_month + interval 6 month) as d, last_day(f.exit_month) as exit_end
from marts.fct_register_exit as f
where f.six_month_status is not null;

create temp table hl as
select person_key, start_date, coalesce(end_date, date '9999-12-31') as end_date
from intermediate.int_register_arena_spells where job_seeker_group = 'helt_ledig';

create temp table hl_runs as
select person_key, min(start_date) as run_start, max(end_date) as run_end
from (
    select *, sum(case when before is not null and start_date <= before + 1 then 0 else 1 end)
        over (partition by person_key order by start_date, end_date) as run
    from (select *, max(end_date) over (partition by person_key order by start_date, end_date
                                        rows between unbounded preceding and 1 preceding) as before
          from hl)
)
group by person_key, run;

create temp table reference as
select follow_up.*,
    case
        when exists (select 1 from staging.stg_register_benefits__benefit_spells as b where b.person_key = follow_up.person_key
                     and b.benefit_code = 'UFOR' and b.start_date <= d and coalesce(b.end_date, d) >= d) then 'disability_pension'
        when exists (select 1 from staging.stg_register_benefits__benefit_spells as b where b.person_key = follow_up.person_key
                     and b.benefit_code = 'ALDR' and b.start_date <= d and coalesce(b.end_date, d) >= d) then 'old_age_pension'
        when exists (select 1 from intermediate.int_register_arena_spells as a where a.person_key = follow_up.person_key
                     and a.main_status = 'reduced_work_capacity' and a.start_date <= d and coalesce(a.end_date, d) >= d)
            then 'reduced_work_capacity'
        when exists (select 1 from intermediate.int_register_arena_spells as a where a.person_key = follow_up.person_key
                     and a.main_status = 'job_seeker' and a.start_date <= d and coalesce(a.end_date, d) >= d) then 'job_seeker'
        when exists (select 1 from staging.stg_register_aa__employment_spells as j where j.person_key = follow_up.person_key
                     and j.start_date <= d and coalesce(j.end_date, d) >= d)
            then case when exists (select 1 from staging.stg_register_benefits__benefit_spells as b
                                   where b.person_key = follow_up.person_key and b.benefit_code in ('AAP', 'DAGP', 'INDS', 'OVST')
                                     and b.start_date <= d and coalesce(b.end_date, d) >= d)
                      then 'employee_with_benefit' else 'employee_only' end
        else 'other'
    end as reference_status,
    exists (select 1 from intermediate.int_register_arena_spells as a where a.person_key = follow_up.person_key
            and a.measure_flag and a.start_date <= exit_end
            and coalesce(a.end_date, exit_end) >= follow_up.exit_month - interval 5 month) as reference_measure,
    arena_status_code = 'HL' and exists (
        select 1 from hl_runs as r where r.person_key = follow_up.person_key
        and r.run_start <= exit_end and r.run_end >= exit_end and exit_end - r.run_start + 1 >= 182) as reference_long_term
from follow_up;
"""


def test_six_month_status_and_flags_equal_a_reading_by_dates(benchmark_run):
    """On the models rebuilt whole: the benchmark's incremental build keeps six-month statuses
    decided with the earlier extract, and the demo's later extract back-dates a few employments."""
    _, database = benchmark_run
    work = database.parent
    benchmark.run_dbt(benchmark.dbt_environment(work, database), "run", "--select",
                      "int_register_exits", "fct_register_exit")
    con = duckdb.connect(str(database))
    try:
        con.execute(SPELL_DATES)
        total, status, measure, long_term, long_terms = con.execute(
            "select count(*), count(*) filter (where six_month_status <> reference_status), "
            "count(*) filter (where measure_last_6_months_flag <> reference_measure), "
            "count(*) filter (where long_term_job_seeker_flag <> reference_long_term), "
            "count(*) filter (where reference_long_term) from reference").fetchone()
        assert total > 100 and long_terms > 0
        assert (status, measure, long_term) == (0, 0, 0)
    finally:
        con.close()
