-- Grain: register_wave x exit_month x exit_status x group_type x group_code x six_month_status:
-- NAV's register transition statistic, the share of a month's exits from a status in a group who
-- are in each status six months later (int_register_transition_counts), with every cell resting
-- on fewer than {{ min_cell_count() }} persons withheld: its count and share are null and
-- suppressed_flag is true; a group with fewer than {{ min_cell_count() }} exits is withheld whole.

select
    register_wave,
    exit_month,
    exit_status,
    group_type,
    group_code,
    six_month_status,
    case when n_exits >= {{ min_cell_count() }} then n_exits end as n_exits,
    case when n_persons >= {{ min_cell_count() }} and n_exits >= {{ min_cell_count() }} then n_persons end
        as n_persons,
    case when n_persons >= {{ min_cell_count() }} and n_exits >= {{ min_cell_count() }} then share end
        as share,
    not (n_persons >= {{ min_cell_count() }} and n_exits >= {{ min_cell_count() }}) as suppressed_flag
from {{ ref('int_register_transition_counts') }}
