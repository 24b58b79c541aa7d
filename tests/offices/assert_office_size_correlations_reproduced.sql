{{ config(tags=['analysis']) }}
-- The Pearson correlations of office size (Q10) with Q15, Q16, Q34, Q35 computed by the Python
-- analysis step (source analysis.office_size_correlations, wave of the report) reproduce the
-- report's footnotes 25, 28 and 52 (reference rows with statistic pearson_r) within tolerance.
-- Runs after the Python step: `dbt test --select tag:analysis`.

with reference as (

    select figure_id, table_id, item_code, published_value, tolerance
    from {{ ref('part1_published_figures') }}
    where statistic = 'pearson_r'

),

computed as (

    select item_code, pearson_r
    from {{ source('analysis', 'office_size_correlations') }}
    where wave = {{ var('part1_reference_wave') }}

)

select
    reference.figure_id,
    reference.table_id,
    reference.item_code,
    reference.published_value,
    computed.pearson_r as computed_value,
    reference.tolerance
from reference
left join computed
    on reference.item_code = computed.item_code
where computed.pearson_r is null
   or abs(computed.pearson_r - reference.published_value) > reference.tolerance + {{ var('part1_tolerance_epsilon') }}
