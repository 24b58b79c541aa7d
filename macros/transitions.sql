{#
    Helpers of the register transition models (Part 3, docs/DESIGN.md "The exit rule").
    Months are handled as integer month indexes (year * 12 + month - 1), so "the end of month m",
    "m + 2" and "the five months before m" are integer arithmetic and range joins on integers.
#}

{#
    The rows staging reads from a register raw table: the latest delivery per wave
    (latest_delivery_rows). Ingest creates every raw table of its contracts, empty, at its first
    run; a warehouse whose raw layer predates the register contracts has no such table yet, and
    then staging reads no rows (same columns, all text) instead of failing, so the transition
    models build empty and their tests pass.
#}
{% macro register_latest_delivery_rows(source_name, table_name, columns) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if execute and load_relation(relation) is none -%}
    select
        {%- for column in columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as loaded_delivery_id,
        cast(null as {{ dbt.type_int() }}) as loaded_wave,
        cast(null as {{ dbt.type_string() }}) as loaded_file_name,
        cast(null as {{ dbt.type_string() }}) as loaded_file_sha256,
        cast(null as {{ dbt.type_int() }}) as loaded_row_number,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    where 1 = 0
    {%- else -%}
    {{ latest_delivery_rows(relation) }}
    {%- endif -%}
{%- endmacro %}


{# The month index (year * 12 + month - 1) of a date. #}
{% macro month_index(date_expr) -%}
    (extract(year from {{ date_expr }}) * 12 + extract(month from {{ date_expr }}) - 1)
{%- endmacro %}


{#
    The month index of the last month whose end a spell covers: the end date's month when the
    end date is the last day of its month, else the month before. An open spell (null end)
    covers every month end: a large sentinel (year 9999).
#}
{% macro last_covered_month_index(end_date_expr) -%}
    case
        when {{ end_date_expr }} is null then {{ open_month_index() }}
        when extract(month from {{ dbt.dateadd('day', 1, end_date_expr) }})
            = extract(month from {{ end_date_expr }})
            then {{ month_index(end_date_expr) }} - 1
        else {{ month_index(end_date_expr) }}
    end
{%- endmacro %}


{# The month index standing for "still open". #}
{% macro open_month_index() -%}
    {{ return('119999') }}
{%- endmacro %}


{# The first day of the month with month index `index_expr`, as a date. #}
{% macro month_start_from_index(index_expr) -%}
    {{ return(adapter.dispatch('month_start_from_index', 'nav_placement')(index_expr)) }}
{%- endmacro %}

{% macro default__month_start_from_index(index_expr) -%}
    cast({{ dbt.dateadd('month', '(' ~ index_expr ~ ') - 22800', "cast('1900-01-01' as date)") }} as date)
{%- endmacro %}

{% macro duckdb__month_start_from_index(index_expr) -%}
    make_date(
        cast(floor(({{ index_expr }}) / 12) as integer),
        cast(({{ index_expr }}) % 12 + 1 as integer),
        1
    )
{%- endmacro %}


{#
    The month index of the last month whose end a register extract has seen: the extract month of
    the delivery id (`2014-06` = extracted at the end of June 2014: month ends through June 2014
    are known, as the demo's extracts hold what was known at the end of their month). A delivery id
    without a month (`2014`) is a year-end extract: through December of the wave.
#}
{% macro extract_observed_through_month_index(delivery_id_expr, wave_expr) -%}
    case
        when {{ regex_matches(delivery_id_expr, '^[0-9]{4}-[0-9]{2}') }}
            then cast(substring({{ delivery_id_expr }}, 1, 4) as {{ dbt.type_int() }}) * 12
                + cast(substring({{ delivery_id_expr }}, 6, 2) as {{ dbt.type_int() }}) - 1
        else {{ wave_expr }} * 12 + 11
    end
{%- endmacro %}


{#
    Complete years of age at the end of month `month_index_expr` for a birth date: the difference
    of month indexes in whole years (a birthday in the month has passed by its end).
#}
{% macro age_at_month_end(birth_date_expr, month_index_expr) -%}
    cast(floor(cast(({{ month_index_expr }}) - {{ month_index(birth_date_expr) }} as {{ type_double() }}) / 12) as {{ dbt.type_int() }})
{%- endmacro %}


{#
    The youngest age (complete years at the end of the exit month) whose exits fct_register_exit
    keeps: the follow-up survey's frame (NAV's draw from the 2013 exits) holds persons aged 16-19,
    outside the statistic's population (20-66), so the fact keeps every exit of persons aged 16
    and over and flags the statistic's population (in_statistics_population_flag).
#}
{% macro register_exit_min_age() -%}
    {{ return(16) }}
{%- endmacro %}


{#
    The statistic's population at the end of the exit month: aged 20-66 and living in Norway
    (neither emigrated nor dead by then). False when the age is unknown.
#}
{% macro in_statistics_population(age_expr, left_population_expr) -%}
    (coalesce({{ age_expr }} between 20 and 66, false) and not {{ left_population_expr }})
{%- endmacro %}


{#
    Age band at the end of the exit month, the follow-up survey's register bands (Tabell 37:
    under 20, 20-24, 25-29, 30-39, 40-49, 50-59, 60 and over): under_20, 20_24, 25_29, 30_39,
    40_49, 50_59, 60_plus; null when the age is unknown.
#}
{% macro register_age_band(age_expr) -%}
    case
        when {{ age_expr }} is null then null
        when {{ age_expr }} < 20 then 'under_20'
        when {{ age_expr }} < 25 then '20_24'
        when {{ age_expr }} < 30 then '25_29'
        when {{ age_expr }} < 40 then '30_39'
        when {{ age_expr }} < 50 then '40_49'
        when {{ age_expr }} < 60 then '50_59'
        else '60_plus'
    end
{%- endmacro %}


{# Cells resting on fewer persons than this are withheld (as in the Part 2 indicator table). #}
{% macro min_cell_count() -%}
    {{ return(5) }}
{%- endmacro %}
