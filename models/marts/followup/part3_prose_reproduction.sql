{{ config(tags=['analysis']) }}
-- Grain: one row per weighted published Part 3 figure (weighted_flag rows of
-- seeds/reference/part3_published_figures.csv): the report's outcome shares and means next to the
-- weighted estimate of analysis.followup_outcomes (written by the Python step, so this model is
-- built by `dbt build --select tag:analysis`). The tolerance of each figure is a sampling-error
-- band stated in the seed's note. Percent figures compare with share x 100.
--
-- The seed's category is `<outcome category>`, `<outcome category>;breakdown=<breakdown>:<value>`
-- or `breakdown=<breakdown>:<value>` (see the seed's description); group_code is the exit group.

with reference as (

    select
        *,
        coalesce(category, '') as category_text
    from {{ ref('part3_published_figures') }}
    where weighted_flag

),

parsed as (

    select
        *,
        case
            when category_text like 'breakdown=%' then ''
            else split_part(category_text, ';', 1)
        end as outcome_category,
        case
            when category_text like 'breakdown=%' then substr(category_text, 11)
            when category_text like '%;breakdown=%' then substr(category_text, strpos(category_text, ';breakdown=') + 11)
        end as breakdown_text
    from reference

),

keyed as (

    select
        *,
        coalesce(split_part(breakdown_text, ':', 1), 'all') as breakdown,
        coalesce(split_part(breakdown_text, ':', 2), '') as breakdown_category
    from parsed

),

outcomes as (

    select *
    from {{ source('analysis', 'followup_outcomes') }}
    where survey_wave = {{ var('part3_reference_wave') }}

),

compared as (

    select
        keyed.figure_id,
        keyed.table_id,
        keyed.row_label_en,
        keyed.group_code as exit_group,
        keyed.indicator as outcome,
        keyed.statistic,
        keyed.outcome_category,
        keyed.breakdown,
        keyed.breakdown_category,
        keyed.unit,
        cast(keyed.published_value as {{ type_double() }}) as published_value,
        cast(keyed.tolerance as {{ type_double() }}) as tolerance,
        outcomes.estimate * case when keyed.unit in ('percent', 'percent_integer') then 100 else 1 end
            as computed_value,
        outcomes.standard_error * case when keyed.unit in ('percent', 'percent_integer') then 100 else 1 end
            as computed_standard_error,
        outcomes.n_unweighted,
        outcomes.weight_name,
        keyed.seed_line,
        keyed.note
    from keyed
    left join outcomes
        on outcomes.outcome = keyed.indicator
        and outcomes.statistic = keyed.statistic
        and outcomes.category = keyed.outcome_category
        and outcomes.exit_group = coalesce(keyed.group_code, 'all')
        and outcomes.breakdown = keyed.breakdown
        and outcomes.breakdown_category = keyed.breakdown_category

)

select
    *,
    abs(computed_value - published_value) as abs_difference,
    {{ within_tolerance('computed_value', 'published_value', 'tolerance', var('part3_tolerance_epsilon')) }}
        as within_tolerance
from compared
