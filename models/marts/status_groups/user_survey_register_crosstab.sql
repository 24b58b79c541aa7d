-- The report's unprinted cross-tabulation (L4885-4912, "ikke vist"): analysis sample 1 by the
-- status group that follows the survey file and the register's labour-market main group
-- («arbeidssøkerstatus hovedgrupper», codes.labour_market_statuses.main_group, plus
-- uten_informasjon for an empty status). One row per wave x status group x main group (grain:
-- wave x status_group x labour_market_main_group), zero-filled; respondent_count is unweighted.

with respondents as (

    select * from {{ ref('dim_user_survey_respondent') }}
    where as1_flag

),

status_groups as (

    select status_group, status_group_code, sort_order from {{ ref('user_survey_status_groups') }}

),

main_groups as (

    select main_group as labour_market_main_group, min(sort_order) as sort_order
    from {{ ref('labour_market_statuses') }}
    group by main_group

    union all

    select 'uten_informasjon', 99

),

counted as (

    select wave, status_group, labour_market_main_group, count(*) as respondent_count
    from respondents
    group by wave, status_group, labour_market_main_group

)

select
    waves.wave,
    status_groups.status_group,
    status_groups.status_group_code,
    main_groups.labour_market_main_group,
    cast(coalesce(counted.respondent_count, 0) as {{ dbt.type_bigint() }}) as respondent_count,
    status_groups.sort_order as status_group_sort_order,
    cast(main_groups.sort_order as {{ dbt.type_int() }}) as main_group_sort_order
from (select distinct wave from respondents) as waves
cross join status_groups
cross join main_groups
left join counted
    on waves.wave = counted.wave
    and status_groups.status_group = counted.status_group
    and main_groups.labour_market_main_group = counted.labour_market_main_group
