-- Grain: one row per wave x rated item x size class (small, medium, large from Q10; unknown when
-- Q10 is missing; all = every respondent). Counts, mean and shares of the 1-6 answers:
--   share_k, share_1_2 ...        of valid answers (1-6)
--   share_k_of_answered ...       of answered (1-6 plus vet ikke), as Tabell 6 and the size tables use

{%- set aggregates -%}
        count(*) as n_respondents,
        cast(sum(case when valid_flag or dont_know_flag then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_answered,
        cast(sum(case when valid_flag then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_valid,
        cast(sum(case when dont_know_flag then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_dont_know,
        cast(sum(case when invalid_reason = 'missing' then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_missing,
        cast(sum(case when invalid_reason = 'several_numbers' then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_several_numbers,
        cast(sum(case when invalid_reason = 'out_of_range' then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_out_of_range,
        cast(sum(case when invalid_reason = 'not_a_number' then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_not_a_number,
        avg(cast(answer_value as {{ type_double() }})) as mean_value
        {%- for k in range(1, 7) %},
        cast(sum(case when answer_value = {{ k }} then 1 else 0 end) as {{ dbt.type_bigint() }}) as count_{{ k }}
        {%- endfor %}
{%- endset %}

{%- set groups = {'1_2': [1, 2], '3_4': [3, 4], '5_6': [5, 6]} %}

with answers as (

    select * from {{ ref('fct_office_answer') }}

),

aggregated as (

    select wave, item_code, size_class, {{ aggregates }}
    from answers
    group by wave, item_code, size_class

    union all

    select wave, item_code, 'all' as size_class, {{ aggregates }}
    from answers
    group by wave, item_code

),

size_classes as (

    select size_class, sort_order as size_class_sort_order
    from {{ ref('office_size_classes') }}

    union all

    select 'unknown' as size_class, 98 as size_class_sort_order

    union all

    select 'all' as size_class, 99 as size_class_sort_order

),

grid as (

    select waves.wave, items.item_code, size_classes.size_class, size_classes.size_class_sort_order
    from (select distinct wave from answers) as waves
    cross join (
        select item_code from {{ ref('dim_office_survey_item') }} where rated_flag
    ) as items
    cross join size_classes

),

counted as (

    select
        grid.wave,
        grid.item_code,
        grid.size_class,
        grid.size_class_sort_order,
        coalesce(aggregated.n_respondents, 0) as n_respondents,
        coalesce(aggregated.n_answered, 0) as n_answered,
        coalesce(aggregated.n_valid, 0) as n_valid,
        coalesce(aggregated.n_dont_know, 0) as n_dont_know,
        coalesce(aggregated.n_missing, 0) as n_missing,
        coalesce(aggregated.n_several_numbers, 0) as n_several_numbers,
        coalesce(aggregated.n_out_of_range, 0) as n_out_of_range,
        coalesce(aggregated.n_not_a_number, 0) as n_not_a_number,
        aggregated.mean_value
        {%- for k in range(1, 7) %},
        coalesce(aggregated.count_{{ k }}, 0) as count_{{ k }}
        {%- endfor %}
    from grid
    left join aggregated
        on grid.wave = aggregated.wave
        and grid.item_code = aggregated.item_code
        and grid.size_class = aggregated.size_class

)

select
    wave,
    item_code,
    size_class,
    size_class_sort_order,
    n_respondents,
    n_answered,
    n_valid,
    n_dont_know,
    n_missing,
    n_several_numbers,
    n_out_of_range,
    n_not_a_number,
    mean_value
    {%- for k in range(1, 7) %},
    count_{{ k }}
    {%- endfor %}
    {%- for k in range(1, 7) %},
    {{ safe_share('count_' ~ k, 'n_valid') }} as share_{{ k }}
    {%- endfor %}
    {%- for group_code, members in groups.items() %},
    {{ safe_share('count_' ~ members[0] ~ ' + count_' ~ members[1], 'n_valid') }} as share_{{ group_code }}
    {%- endfor %}
    {%- for k in range(1, 7) %},
    {{ safe_share('count_' ~ k, 'n_answered') }} as share_{{ k }}_of_answered
    {%- endfor %},
    {{ safe_share('n_dont_know', 'n_answered') }} as share_dont_know_of_answered
    {%- for group_code, members in groups.items() %},
    {{ safe_share('count_' ~ members[0] ~ ' + count_' ~ members[1], 'n_answered') }} as share_{{ group_code }}_of_answered
    {%- endfor %}
from counted
