-- Grain: one row per unweighted published Part 3 number (figure_id of
-- seeds/reference/part3_published_figures.csv with weighted_flag false: Figur 28, the response
-- rate, Tabell 37, Tabell 38 and the survey-against-register comparison of section 13.2). Each row
-- carries the value the marts compute for the reference wave, in the published unit, and whether
-- it lies within the seed's tolerance (within_tolerance). Weighted figures are checked by the
-- Python analysis step, not here. No published number is typed here.
--
-- A reference row finds its computed value by (statistic, analysis_sample, indicator, category),
-- empty = null on both sides:
--   F28, RR  followup_flow: indicator followup_flow, category = box (count, share = percent);
--            indicator response_rate (statistic response_rate)
--   T37, T38 followup_representativeness: analysis_sample = disposition, indicator =
--            characteristic, category (count = person_count, share = column_percent); Tabell 38's
--            respondent and non-respondent columns are the same cells as Tabell 37's
--   S13.2    followup_register_comparison: indicator = measure (count = person_count, share = percent)

{%- set reference_wave = var('part3_reference_wave', 2014) %}
{%- set epsilon = var('part3_tolerance_epsilon', 1.0e-9) %}

with reference as (

    select *
    from {{ ref('part3_published_figures') }}
    where not weighted_flag

),

flow as (

    select * from {{ ref('followup_flow') }}
    where survey_wave = {{ reference_wave }}

),

representativeness as (

    select * from {{ ref('followup_representativeness') }}
    where survey_wave = {{ reference_wave }}

),

comparison as (

    select * from {{ ref('followup_register_comparison') }}
    where survey_wave = {{ reference_wave }}

),

computed as (

    select 'count' as statistic, cast(null as {{ dbt.type_string() }}) as analysis_sample,
        'followup_flow' as indicator, box as category,
        cast(person_count as {{ type_double() }}) as computed_value
    from flow
    where box <> 'response_rate'

    union all

    select 'share', cast(null as {{ dbt.type_string() }}), 'followup_flow', box,
        cast(percent as {{ type_double() }})
    from flow
    where box <> 'response_rate'

    union all

    select 'response_rate', cast(null as {{ dbt.type_string() }}), 'response_rate',
        cast(null as {{ dbt.type_string() }}), cast(percent as {{ type_double() }})
    from flow
    where box = 'response_rate'

    union all

    select 'count', disposition, characteristic, category, cast(person_count as {{ type_double() }})
    from representativeness

    union all

    select 'share', disposition, characteristic, category, cast(column_percent as {{ type_double() }})
    from representativeness

    union all

    select 'count', cast(null as {{ dbt.type_string() }}), measure, cast(null as {{ dbt.type_string() }}),
        cast(person_count as {{ type_double() }})
    from comparison

    union all

    select 'share', cast(null as {{ dbt.type_string() }}), measure, cast(null as {{ dbt.type_string() }}),
        cast(percent as {{ type_double() }})
    from comparison
    where percent is not null

),

joined as (

    select
        reference.*,
        computed.computed_value
    from reference
    left join computed
        on reference.statistic = computed.statistic
        and coalesce(reference.analysis_sample, '') = coalesce(computed.analysis_sample, '')
        and reference.indicator = computed.indicator
        and coalesce(reference.category, '') = coalesce(computed.category, '')

)

select
    figure_id,
    table_id,
    row_label_nb,
    row_label_en,
    column_label,
    analysis_sample,
    indicator,
    category,
    statistic,
    unit,
    denominator,
    published_value,
    computed_value,
    abs(computed_value - published_value) as abs_difference,
    tolerance,
    {{ within_tolerance('computed_value', 'published_value', 'tolerance', epsilon) }} as within_tolerance,
    {{ reference_wave }} as survey_wave,
    seed_line,
    note
from joined
