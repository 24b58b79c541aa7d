-- Every exit of the statistic's population (in_statistics_population_flag) with a six-month
-- status is counted once in each group dimension of the transition
-- counts: for group_type all, county and office_size_class the counts add up to the exits of
-- fct_register_exit (per wave, month and exit status), and each vulnerable group plus its
-- complement adds up to them too (langtidsarbeidssokere: the job-seeker exits only).

with exits as (

    select register_wave, exit_month, exit_status, count(*) as exits
    from {{ ref('fct_register_exit') }}
    where in_statistics_population_flag
        and six_month_status is not null
    group by register_wave, exit_month, exit_status

),

counted as (

    select
        register_wave,
        exit_month,
        exit_status,
        case when group_type = 'complement' then 'vulnerable_group' else group_type end as dimension,
        case when group_type in ('vulnerable_group', 'complement') then group_code end as vulnerable_group,
        sum(n_persons) as counted
    from {{ ref('int_register_transition_counts') }}
    group by 1, 2, 3, 4, 5

)

select counted.*, exits.exits
from counted
left join exits
    on counted.register_wave = exits.register_wave
    and counted.exit_month = exits.exit_month
    and counted.exit_status = exits.exit_status
where exits.exits is null
    or (counted.vulnerable_group = 'langtidsarbeidssokere' and counted.exit_status <> 'job_seeker')
    or counted.counted <> exits.exits
