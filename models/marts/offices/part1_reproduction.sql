-- Grain: one row per published Part 1 number (figure_id of seeds/reference/part1_published_figures.csv)
-- except the correlations and their p-values (computed by a Python step after dbt build; see
-- part1_correlation_reproduction) and the reminders sent (M03: no send log is delivered). Each
-- row carries the value the marts compute for the reference wave, in the published unit, and
-- whether it lies within the seed's tolerance. No published number is typed here.

{%- set reference_wave = var('part1_reference_wave') %}
{%- set epsilon = var('part1_tolerance_epsilon') %}

{#- Statistics of the rated items in office_item_by_size: (statistic, category, denominator, expression, native unit) -#}
{%- set item_statistics = [
    ('mean', none, 'valid', 'mean_value', 'score'),
    ('n_valid', none, 'valid', 'n_valid', 'count'),
    ('n_answered', none, 'answered', 'n_answered', 'count'),
    ('n_several_numbers', none, none, 'n_several_numbers', 'count'),
    ('share_6', '6', 'answered', 'share_6_of_answered', 'share'),
    ('share', 'dont_know', 'answered', 'share_dont_know_of_answered', 'share'),
] %}
{%- for k in range(1, 7) %}
    {%- do item_statistics.append(('share', k | string, 'valid', 'share_' ~ k, 'share')) %}
    {%- do item_statistics.append(('share', k | string, 'answered', 'share_' ~ k ~ '_of_answered', 'share')) %}
{%- endfor %}
{%- for group_code in ['1_2', '3_4', '5_6'] %}
    {%- do item_statistics.append(('share_group', group_code, 'valid', 'share_' ~ group_code, 'share')) %}
    {%- do item_statistics.append(('share_group', group_code, 'answered', 'share_' ~ group_code ~ '_of_answered', 'share')) %}
{%- endfor %}

with reference as (

    select *
    from {{ ref('part1_published_figures') }}
    where statistic not in ('pearson_r', 'p_value_upper_bound', 'reminders_sent')

),

item_computed as (

    {%- for statistic, category, denominator, expression, native_unit in item_statistics %}
    select
        '{{ statistic }}' as statistic,
        item_code,
        size_class,
        {{ "'" ~ category ~ "'" if category is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as category,
        {{ "'" ~ denominator ~ "'" if denominator is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as denominator,
        cast({{ expression }} as {{ type_double() }}) as computed_native,
        '{{ native_unit }}' as native_unit
    from {{ ref('office_item_by_size') }}
    where wave = {{ reference_wave }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

org_form_computed as (

    select
        'share' as statistic,
        'q08' as item_code,
        'all' as size_class,
        org_form_code as category,
        'answered' as denominator,
        cast(share as {{ type_double() }}) as computed_native,
        'share' as native_unit
    from {{ ref('office_org_form_distribution') }}
    where wave = {{ reference_wave }}

    union all

    select distinct
        'n_answered' as statistic,
        'q08' as item_code,
        'all' as size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        'answered' as denominator,
        cast(n_answered as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from {{ ref('office_org_form_distribution') }}
    where wave = {{ reference_wave }}

),

{#- Register / sample statistics are not about one item: they match whatever item the seed names. -#}
size_computed as (

    {%- for statistic, expression, native_unit in [
        ('sample_share', 'sample_share', 'share'),
        ('population_share', 'population_share', 'share'),
        ('sample_minus_population', 'sample_minus_population_pp', 'percentage_points')] %}
    select
        '{{ statistic }}' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast({{ expression }} as {{ type_double() }}) as computed_native,
        '{{ native_unit }}' as native_unit
    from {{ ref('office_sample_vs_population') }}
    where wave = {{ reference_wave }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

county_computed as (

    {%- for statistic, expression, native_unit in [
        ('offices_answered', 'offices_answered', 'count'),
        ('offices_total', 'offices_total', 'count'),
        ('response_pct', 'response_share', 'share')] %}
    select
        '{{ statistic }}' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        'all' as size_class,
        county_code as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast({{ expression }} as {{ type_double() }}) as computed_native,
        '{{ native_unit }}' as native_unit
    from {{ ref('office_response_by_county') }}
    where wave = {{ reference_wave }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

method_computed as (

    select
        'responses_total' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        'all' as size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast(count(*) as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from {{ ref('stg_office_survey__responses') }}
    where wave = {{ reference_wave }}

    union all

    select
        'share_answered' as statistic,
        'q17' as item_code,
        'all' as size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast(count(q17_priority_measures_text) as {{ type_double() }}) / count(*) as computed_native,
        'share' as native_unit
    from {{ ref('stg_office_survey__responses') }}
    where wave = {{ reference_wave }}

),

{#- The method chapter's facts about the respondents (M06-M20): staff (Q10), experience (Q7),
    state positions (Q11) and the completion day (Fullført) of every respondent. -#}
respondents as (

    select
        staff_total_reported,
        experience_years,
        state_counsellor_positions,
        cast(completed_at as date) as field_day
    from {{ ref('dim_office_respondent') }}
    where wave = {{ reference_wave }}

),

respondent_computed as (

    {%- for statistic, expression, native_unit in [
        ('staff_total_min', 'min(staff_total_reported)', 'employees'),
        ('staff_total_max', 'max(staff_total_reported)', 'employees'),
        ('staff_total_mean', 'avg(staff_total_reported)', 'employees'),
        ('staff_total_median', 'percentile_cont(0.5) within group (order by staff_total_reported)', 'employees'),
        ('experience_years_mean', 'avg(experience_years)', 'years'),
        ('experience_years_median', 'percentile_cont(0.5) within group (order by experience_years)', 'years'),
        ('state_positions_mean', 'avg(state_counsellor_positions)', 'positions'),
        ('field_period_start', 'min(field_day)', 'date_yyyymmdd'),
        ('field_period_end', 'max(field_day)', 'date_yyyymmdd')] %}
    select
        '{{ statistic }}' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        'all' as size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        {%- if native_unit == 'date_yyyymmdd' %}
        cast(extract(year from {{ expression }}) * 10000 + extract(month from {{ expression }}) * 100
             + extract(day from {{ expression }}) as {{ type_double() }}) as computed_native,
        {%- else %}
        cast({{ expression }} as {{ type_double() }}) as computed_native,
        {%- endif %}
        '{{ native_unit }}' as native_unit
    from respondents
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

    union all

    {#- The threshold is the seed row's category ("mer enn 16 års erfaring"). #}
    select
        'experience_years_share_above' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        'all' as size_class,
        thresholds.category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast(count(*) filter (where respondents.experience_years > cast(thresholds.category as {{ type_double() }}))
             as {{ type_double() }}) / count(respondents.experience_years) as computed_native,
        'share' as native_unit
    from (
        select distinct category from reference where statistic = 'experience_years_share_above'
    ) as thresholds
    cross join respondents
    group by thresholds.category

),

{#- Field days = days with answers, numbered from the start and from the end. The seed row's
    category is the number of days counted ("de to først dagene", "de fire siste dagene"). -#}
respondent_days as (

    select
        staff_total_reported,
        dense_rank() over (order by field_day) as day_from_start,
        dense_rank() over (order by field_day desc) as day_from_end
    from respondents
    where field_day is not null

),

field_day_computed as (

    {%- for statistic, day_number in [
        ('first_days_staff_mean', 'day_from_start'),
        ('last_days_staff_mean', 'day_from_end')] %}
    select
        '{{ statistic }}' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        'all' as size_class,
        cast(day_counts.days as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast(avg(respondent_days.staff_total_reported) filter (where respondent_days.{{ day_number }} <= day_counts.days)
             as {{ type_double() }}) as computed_native,
        'employees' as native_unit
    from (select distinct day_from_start as days from respondent_days) as day_counts
    cross join respondent_days
    group by day_counts.days

    union all
    {%- endfor %}

    {#- A wave starts on the first field day and on each day with more answers than the day before. #}
    select
        'response_waves' as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        'all' as size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as denominator,
        cast(count(*) as {{ type_double() }}) as computed_native,
        'count' as native_unit
    from (
        select answers, lag(answers) over (order by field_day) as answers_day_before
        from (
            select field_day, count(*) as answers
            from respondents
            where field_day is not null
            group by field_day
        ) as per_day
    ) as days
    where answers_day_before is null or answers > answers_day_before

),

computed as (

    select * from item_computed
    union all
    select * from org_form_computed
    union all
    select * from size_computed
    union all
    select * from county_computed
    union all
    select * from method_computed
    union all
    select * from respondent_computed
    union all
    select * from field_day_computed

),

joined as (

    select
        reference.*,
        computed.computed_native,
        computed.native_unit
    from reference
    left join computed
        on reference.statistic = computed.statistic
        and (computed.item_code is null or coalesce(reference.item_code, '') = computed.item_code)
        and coalesce(reference.size_class, 'all') = computed.size_class
        and coalesce(reference.category, '') = coalesce(computed.category, '')
        and (computed.denominator is null or coalesce(reference.denominator, '') = computed.denominator)

),

converted as (

    select
        joined.*,
        case
            when unit in ('percent', 'percent_integer') and native_unit = 'share' then computed_native * 100
            when unit = 'count' and native_unit = 'count' then computed_native
            when unit = 'score_1_6' and native_unit = 'score' then computed_native
            when unit = 'percentage_points' and native_unit = 'percentage_points' then computed_native
            when unit in ('employees', 'positions', 'years', 'date_yyyymmdd') and native_unit = unit then computed_native
        end as computed_value
    from joined

)

select
    figure_id,
    table_id,
    row_label_nb,
    row_label_en,
    column_label,
    item_code,
    size_class,
    category,
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
