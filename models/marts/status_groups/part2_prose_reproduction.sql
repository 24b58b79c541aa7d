{{ config(tags=['analysis']) }}
-- Grain: one row per weighted published Part 2 figure (weighted_flag rows of
-- seeds/reference/part2_published_figures.csv): the report's prose figures next to the weighted
-- estimate of analysis.status_group_indicators (written by the Python step, so this model is
-- built by `dbt build --select tag:analysis`). The tolerance of each figure is a sampling-error
-- band stated in the seed's note. Percent figures compare with share x 100.

with reference as (

    select *
    from {{ ref('part2_published_figures') }}
    where weighted_flag

),

indicators as (

    select *
    from {{ source('analysis', 'status_group_indicators') }}
    where wave = {{ var('part2_reference_wave') }}

),

compared as (

    select
        reference.figure_id,
        reference.table_id,
        reference.row_label_en,
        reference.group_type,
        reference.group_code,
        reference.indicator,
        reference.statistic,
        reference.category,
        reference.unit,
        cast(reference.published_value as {{ type_double() }}) as published_value,
        cast(reference.tolerance as {{ type_double() }}) as tolerance,
        case
            when reference.unit in ('percent', 'percent_integer') then indicators.estimate * 100
            else indicators.estimate
        end as computed_value,
        indicators.standard_error * case when reference.unit in ('percent', 'percent_integer') then 100 else 1 end
            as computed_standard_error,
        indicators.n_unweighted,
        reference.note
    from reference
    left join indicators
        on indicators.variable = reference.indicator
        and indicators.statistic = reference.statistic
        and coalesce(indicators.category, '') = coalesce(reference.category, '')
        and indicators.group_type = reference.group_type
        and indicators.group_code = coalesce(reference.group_code, 'all')

)

select
    figure_id,
    table_id,
    row_label_en,
    group_type,
    group_code,
    indicator,
    statistic,
    category,
    unit,
    published_value,
    computed_value,
    abs(computed_value - published_value) as abs_difference,
    computed_standard_error,
    tolerance,
    {{ within_tolerance('computed_value', 'published_value', 'tolerance', var('part2_tolerance_epsilon')) }} as within_tolerance,
    n_unweighted,
    note
from compared
