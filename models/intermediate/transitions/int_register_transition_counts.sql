-- Grain: register_wave x exit_month x exit_status x group_type x group_code x six_month_status:
-- persons leaving NAV (fct_register_exit) and their status six months later, counted by group,
-- before small cells are withheld (register_transition_rates withholds them). Only exits in the
-- statistic's population (in_statistics_population_flag: aged 20-66 and living in Norway at the
-- end of the exit month) whose six-month status the extracts have seen. Groups:
--   all / all                                      every exit
--   vulnerable_group or complement / ungdom        aged 20-24 at the exit (complement 25-66)
--   vulnerable_group or complement / ikke_vestlige_innvandrere
--                                                  non-western or unknown birth country (complement western)
--   vulnerable_group or complement / langtidsarbeidssokere
--                                                  job-seeker exits only: helt ledig 26 weeks or more
--   county / 2014 county code                     county of the follow-up office ('unknown' when not in the office register)
--   office_size_class / small, medium, large, unknown   size class of the follow-up office

with exits as (

    select
        register_wave,
        exit_month,
        exit_status,
        youth_flag,
        non_western_flag,
        long_term_job_seeker_flag,
        coalesce(county_code, 'unknown') as county_code,
        office_size_class,
        six_month_status
    from {{ ref('fct_register_exit') }}
    where in_statistics_population_flag
        and six_month_status is not null

),

grouped as (

    select register_wave, exit_month, exit_status, 'all' as group_type, 'all' as group_code, six_month_status
    from exits

    union all

    select register_wave, exit_month, exit_status,
        case when youth_flag then 'vulnerable_group' else 'complement' end, 'ungdom', six_month_status
    from exits

    union all

    select register_wave, exit_month, exit_status,
        case when non_western_flag then 'vulnerable_group' else 'complement' end,
        'ikke_vestlige_innvandrere', six_month_status
    from exits

    union all

    select register_wave, exit_month, exit_status,
        case when long_term_job_seeker_flag then 'vulnerable_group' else 'complement' end,
        'langtidsarbeidssokere', six_month_status
    from exits
    where exit_status = 'job_seeker'

    union all

    select register_wave, exit_month, exit_status, 'county', county_code, six_month_status
    from exits

    union all

    select register_wave, exit_month, exit_status, 'office_size_class', office_size_class, six_month_status
    from exits

),

counted as (

    select
        register_wave,
        exit_month,
        exit_status,
        group_type,
        group_code,
        six_month_status,
        count(*) as n_persons
    from grouped
    group by register_wave, exit_month, exit_status, group_type, group_code, six_month_status

)

select
    counted.*,
    sum(n_persons) over (
        partition by register_wave, exit_month, exit_status, group_type, group_code
    ) as n_exits,
    {{ safe_share('n_persons', 'sum(n_persons) over (partition by register_wave, exit_month, exit_status, group_type, group_code)') }}
        as share
from counted
