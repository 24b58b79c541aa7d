-- How well the marts reproduce each published table of Part 1: numbers checked, numbers within
-- tolerance, the largest difference, and the reference notes where the report contradicts itself.
select
    table_id,
    count(*) as numbers,
    sum(case when within_tolerance then 1 else 0 end) as within_tolerance,
    max(abs_difference) as max_abs_difference,
    max(note) as example_note
from {{ ref('part1_reproduction') }}
group by table_id
order by table_id
