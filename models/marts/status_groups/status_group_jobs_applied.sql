-- Tabell 35 (Hvor mange jobber har brukerne søkt de siste 6 månedene? Analyseutvalg 3 fordelt på
-- statusgrupper og utsatte grupper): one row per wave x group x Q6 category (grain: wave x
-- group_type x group_code x jobs_applied_category), analysis sample 3 only, every group of
-- int_user_survey_groups (all, status groups, vulnerable groups and complements) and every
-- category, zero-filled. Categories from Q6's answer code: zero (1, "0 jobber"),
-- count_recorded (2, "Noter antall jobber"), dont_know (8), not_applicable (9), and, should the
-- delivery hold them, not_asked (no Q6 in sample 3) and invalid_code. respondent_count is
-- unweighted; group_share is its share of the group's sample-3 respondents (0..1).

with answers as (

    select * from {{ ref('fct_user_survey_answer') }}
    where variable = 'Q6'
      and in_item_sample_flag

),

membership as (

    select * from {{ ref('user_survey_group_membership') }}

),

groups as (

    select * from {{ ref('int_user_survey_groups') }}

),

respondents as (

    select wave, serial_number from {{ ref('dim_user_survey_respondent') }}
    where as3_flag

),

categorised as (

    -- Everyone in sample 3, with the category of their Q6 answer (not_asked when none).
    select
        respondents.wave,
        respondents.serial_number,
        case
            when answers.answer_code = 1 and answers.valid_flag then 'zero'
            when answers.answer_code = 2 and answers.valid_flag then 'count_recorded'
            else coalesce(answers.missing_reason, 'not_asked')
        end as jobs_applied_category
    from respondents
    left join answers
        on respondents.wave = answers.wave
        and respondents.serial_number = answers.serial_number

),

categories as (

    select 'zero' as jobs_applied_category, 1 as category_code, 1 as category_sort_order
    union all select 'count_recorded', 2, 2
    union all select 'dont_know', 8, 3
    union all select 'not_applicable', 9, 4

),

observed_categories as (

    -- the four published columns, plus any other category the delivery produces
    select jobs_applied_category, category_code, category_sort_order from categories
    union all
    select distinct categorised.jobs_applied_category, cast(null as {{ dbt.type_int() }}), 9
    from categorised
    where categorised.jobs_applied_category not in (select jobs_applied_category from categories)

),

counted as (

    select
        categorised.wave,
        membership.group_type,
        membership.group_code,
        categorised.jobs_applied_category,
        count(*) as respondent_count
    from categorised
    inner join membership
        on categorised.wave = membership.wave
        and categorised.serial_number = membership.serial_number
    group by categorised.wave, membership.group_type, membership.group_code, categorised.jobs_applied_category

),

framed as (

    select
        waves.wave,
        groups.group_type,
        groups.group_code,
        groups.label_nb,
        groups.label_en,
        groups.sort_order as group_sort_order,
        observed_categories.jobs_applied_category,
        observed_categories.category_code,
        observed_categories.category_sort_order,
        coalesce(counted.respondent_count, 0) as respondent_count
    from (select distinct wave from {{ ref('dim_user_survey_respondent') }}) as waves
    cross join groups
    cross join observed_categories
    left join counted
        on waves.wave = counted.wave
        and groups.group_type = counted.group_type
        and groups.group_code = counted.group_code
        and observed_categories.jobs_applied_category = counted.jobs_applied_category

),

with_totals as (

    select
        framed.*,
        sum(respondent_count) over (partition by wave, group_type, group_code) as group_count
    from framed

)

select
    wave,
    cast('as3' as {{ dbt.type_string() }}) as analysis_sample,
    group_type,
    group_code,
    label_nb,
    label_en,
    cast(jobs_applied_category as {{ dbt.type_string() }}) as jobs_applied_category,
    cast(category_code as {{ dbt.type_int() }}) as jobs_applied_code,
    cast(respondent_count as {{ dbt.type_bigint() }}) as respondent_count,
    cast(group_count as {{ dbt.type_bigint() }}) as group_count,
    {{ safe_share('respondent_count', 'group_count') }} as group_share,
    group_sort_order,
    cast(category_sort_order as {{ dbt.type_int() }}) as category_sort_order
from with_totals
