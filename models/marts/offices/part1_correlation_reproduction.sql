{{ config(tags=['analysis']) }}
-- Grain: one row per published correlation figure (statistic pearson_r or p_value_upper_bound in
-- seeds/reference/part1_published_figures.csv). Built after the Python step that writes
-- analysis.office_size_correlations (`dbt build --select tag:analysis`). A correlation is within
-- tolerance when it differs from the printed r by at most the tolerance; a printed "p<x" holds
-- when the one-sided p-value is below x (see the seed notes for why one-sided).

with reference as (

    select *
    from {{ ref('part1_published_figures') }}
    where statistic in ('pearson_r', 'p_value_upper_bound')

),

computed as (

    select item_code, pearson_r, p_value, p_value_one_sided, n
    from {{ source('analysis', 'office_size_correlations') }}
    where wave = {{ var('part1_reference_wave') }}

),

compared as (

    select
        reference.figure_id,
        reference.table_id,
        reference.item_code,
        reference.statistic,
        reference.published_value,
        reference.tolerance,
        case reference.statistic
            when 'pearson_r' then computed.pearson_r
            else computed.p_value_one_sided
        end as computed_value,
        computed.p_value as p_value_two_sided,
        computed.n,
        reference.note
    from reference
    left join computed
        on reference.item_code = computed.item_code

)

select
    figure_id,
    table_id,
    item_code,
    statistic,
    published_value,
    tolerance,
    computed_value,
    abs(computed_value - published_value) as abs_difference,
    p_value_two_sided,
    n,
    coalesce(
        case statistic
            when 'pearson_r' then {{ within_tolerance('computed_value', 'published_value', 'tolerance', var('part1_tolerance_epsilon')) }}
            else computed_value < published_value
        end,
        false
    ) as within_tolerance,
    note
from compared
