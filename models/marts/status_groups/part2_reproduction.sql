-- Grain: one row per unweighted published Part 2 number (figure_id of
-- seeds/reference/part2_published_figures.csv with weighted_flag false: Figur 6, the response
-- rate, Tabell 34, Tabell 35 and the register cross-tab). Each row carries the value the marts
-- compute for the reference wave, in the published unit, and whether it lies within the seed's
-- tolerance. Weighted figures are checked by the Python indicator step, not here. No published
-- number is typed here.
--
-- A reference row finds its computed value by (statistic, analysis_sample, group_type,
-- group_code, category, indicator), empty = null on both sides. The seed's analysis samples are
-- the report's: 1 = as1, 2 = as2_measures (Tabell 34 footnote **), 3 = as3.

{%- set reference_wave = var('part2_reference_wave') %}
{%- set epsilon = var('part2_tolerance_epsilon') %}

with reference as (

    select *
    from {{ ref('part2_published_figures') }}
    where not weighted_flag

),

flow_computed as (

    select
        'count' as statistic,
        cast(null as {{ dbt.type_string() }}) as analysis_sample,
        'all' as group_type,
        cast(null as {{ dbt.type_string() }}) as group_code,
        flow_node as category,
        cast(null as {{ dbt.type_string() }}) as indicator,
        cast(person_count as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from {{ ref('user_survey_fieldwork_flow') }}
    where wave = {{ reference_wave }}

),

composition as (

    select
        case analysis_sample
            when 'as1' then '1'
            when 'as2_measures' then '2'
            when 'as3' then '3'
            else analysis_sample
        end as analysis_sample,
        group_type,
        case when group_type = 'all' then null else group_code end as group_code,
        respondent_count,
        sample_share
    from {{ ref('status_group_composition') }}
    where wave = {{ reference_wave }}

),

composition_computed as (

    select
        'n' as statistic, analysis_sample, group_type, group_code,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as indicator,
        cast(respondent_count as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from composition

    union all

    select
        'share' as statistic, analysis_sample, group_type, group_code,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as indicator,
        cast(sample_share as {{ type_double() }}) as computed_native,
        'share' as native_unit
    from composition

),

jobs_applied as (

    select
        group_type,
        case when group_type = 'all' then null else group_code end as group_code,
        jobs_applied_category,
        respondent_count,
        group_count,
        group_share
    from {{ ref('status_group_jobs_applied') }}
    where wave = {{ reference_wave }}

),

jobs_applied_computed as (

    select
        'n' as statistic, '3' as analysis_sample, group_type, group_code,
        jobs_applied_category as category, 'Q6' as indicator,
        cast(respondent_count as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from jobs_applied

    union all

    select
        'share' as statistic, '3' as analysis_sample, group_type, group_code,
        jobs_applied_category as category, 'Q6' as indicator,
        cast(group_share as {{ type_double() }}) as computed_native,
        'share' as native_unit
    from jobs_applied

    union all

    -- the "I alt" column: every sample-3 respondent of the group
    select distinct
        'n' as statistic, '3' as analysis_sample, group_type, group_code,
        cast(null as {{ dbt.type_string() }}) as category, 'Q6' as indicator,
        cast(group_count as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from jobs_applied

),

crosstab_computed as (

    select
        'n' as statistic, '1' as analysis_sample, 'status_group' as group_type,
        status_group as group_code, labour_market_main_group as category,
        'labour_market_status_code' as indicator,
        cast(respondent_count as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from {{ ref('user_survey_register_crosstab') }}
    where wave = {{ reference_wave }}

    union all

    -- a register main group over all status groups (e.g. NAE total 2 888)
    select
        'n' as statistic, '1' as analysis_sample, 'register_status' as group_type,
        labour_market_main_group as group_code, cast(null as {{ dbt.type_string() }}) as category,
        'labour_market_status_code' as indicator,
        cast(sum(respondent_count) as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from {{ ref('user_survey_register_crosstab') }}
    where wave = {{ reference_wave }}
    group by labour_market_main_group

),

response_rate_computed as (

    select
        'response_rate' as statistic,
        cast(null as {{ dbt.type_string() }}) as analysis_sample,
        'all' as group_type,
        cast(null as {{ dbt.type_string() }}) as group_code,
        cast(null as {{ dbt.type_string() }}) as category,
        'response_rate' as indicator,
        cast(response_rate as {{ type_double() }}) as computed_native,
        'share' as native_unit
    from {{ ref('user_survey_response_rate') }}
    where wave = {{ reference_wave }}

    union all

    select
        'share' as statistic,
        cast(null as {{ dbt.type_string() }}) as analysis_sample,
        'all' as group_type,
        cast(null as {{ dbt.type_string() }}) as group_code,
        'quota_full' as category,
        'quota_not_contacted_in_target_share' as indicator,
        cast(quota_in_target_share as {{ type_double() }}) as computed_native,
        'share' as native_unit
    from {{ ref('user_survey_response_rate') }}
    where wave = {{ reference_wave }}

),

computed as (

    select * from flow_computed
    union all
    select * from composition_computed
    union all
    select * from jobs_applied_computed
    union all
    select * from crosstab_computed
    union all
    select * from response_rate_computed

),

joined as (

    select
        reference.*,
        computed.computed_native,
        computed.native_unit
    from reference
    left join computed
        on reference.statistic = computed.statistic
        and coalesce(reference.analysis_sample, '') = coalesce(computed.analysis_sample, '')
        and reference.group_type = computed.group_type
        and coalesce(reference.group_code, '') = coalesce(computed.group_code, '')
        and coalesce(reference.category, '') = coalesce(computed.category, '')
        and coalesce(reference.indicator, '') = coalesce(computed.indicator, '')

),

converted as (

    select
        joined.*,
        case
            when unit in ('percent', 'percent_integer') and native_unit = 'share' then computed_native * 100
            when unit = 'count' and native_unit = 'count' then computed_native
        end as computed_value
    from joined

)

select
    figure_id,
    table_id,
    row_label_nb,
    row_label_en,
    column_label,
    analysis_sample,
    group_type,
    group_code,
    category,
    indicator,
    statistic,
    unit,
    denominator,
    published_value,
    computed_value,
    abs(computed_value - published_value) as abs_difference,
    tolerance,
    {{ within_tolerance('computed_value', 'published_value', 'tolerance', epsilon) }} as within_tolerance,
    {{ reference_wave }} as wave,
    seed_line,
    note
from converted
