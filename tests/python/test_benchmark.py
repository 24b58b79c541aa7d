"""The register benchmark on a tiny size: it prints its figures (no timing is asserted), and the
exits its spell-based models find are the ones a plain person-month reading of NAV's rule finds."""

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
    finally:
        con.close()
