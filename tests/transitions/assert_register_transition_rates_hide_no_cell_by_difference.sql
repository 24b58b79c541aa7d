-- No withheld cell of the register transition statistic can be worked out from what is shown: a
-- group's month whose exits are shown never has exactly one withheld cell (its count would be the
-- exits minus the cells shown).
select register_wave, exit_month, exit_status, group_type, group_code, count(*) filter (where suppressed_flag) as withheld
from {{ ref('register_transition_rates') }}
where n_exits is not null
group by register_wave, exit_month, exit_status, group_type, group_code
having count(*) filter (where suppressed_flag) = 1
