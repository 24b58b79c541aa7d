-- Grain: register_wave x exit_month x exit_status x group_type x group_code x six_month_status:
-- NAV's register transition statistic, the share of a month's exits from a status in a group who
-- are in each status six months later (int_register_transition_counts). Cells are withheld (count
-- and share null, suppressed_flag true):
--   primary:   a cell resting on fewer than {{ min_cell_count() }} persons; a group with fewer than
--              {{ min_cell_count() }} exits is withheld whole;
--   secondary: where a group's month has exactly one primary cell, its exits minus the cells shown
--              would give that cell away, so the smallest other cell is withheld too.

with counts as (

    select
        *,
        n_exits < {{ min_cell_count() }} or n_persons < {{ min_cell_count() }} as primary_flag
    from {{ ref('int_register_transition_counts') }}

),

ranked as (

    select
        *,
        count(*) filter (where primary_flag) over block as primary_cells,
        row_number() over (
            partition by register_wave, exit_month, exit_status, group_type, group_code, primary_flag
            order by n_persons, six_month_status
        ) as size_rank
    from counts
    window block as (partition by register_wave, exit_month, exit_status, group_type, group_code)

),

flagged as (

    select
        *,
        primary_flag or (primary_cells = 1 and not primary_flag and size_rank = 1) as suppressed
    from ranked

)

select
    register_wave,
    exit_month,
    exit_status,
    group_type,
    group_code,
    six_month_status,
    case when n_exits >= {{ min_cell_count() }} then n_exits end as n_exits,
    case when not suppressed then n_persons end as n_persons,
    case when not suppressed then share end as share,
    suppressed as suppressed_flag
from flagged
