{#
    assert_part1_table_reproduced(table_id)

    Body of the singular test "the marts reproduce published table <table_id>": returns the rows
    of marts.part1_reproduction for the table that are out of tolerance (or have no computed
    value), plus one row when the reproduction holds fewer rows for the table than the reference
    seed or none at all. Empty result = the table is reproduced. When the report's wave was not
    delivered at all (a warehouse holding only later waves) there is nothing to reproduce.
#}
{% macro assert_part1_table_reproduced(table_id) %}
    with reference_wave_delivered as (

        select count(*) as responses
        from {{ ref('stg_office_survey__responses') }}
        where wave = {{ var('part1_reference_wave') }}

    ),

    reproduction as (

        select *
        from {{ ref('part1_reproduction') }}
        where table_id = '{{ table_id }}'
          and (select responses from reference_wave_delivered) > 0

    ),

    expected as (

        select count(*) as expected_rows
        from {{ ref('part1_published_figures') }}
        where table_id = '{{ table_id }}'
          and statistic not in ('pearson_r', 'p_value_upper_bound', 'reminders_sent')
          and (select responses from reference_wave_delivered) > 0

    )

    select
        figure_id,
        statistic,
        item_code,
        size_class,
        category,
        published_value,
        computed_value,
        abs_difference,
        tolerance,
        'out of tolerance' as failure
    from reproduction
    where not within_tolerance

    union all

    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as statistic,
        cast(null as {{ dbt.type_string() }}) as item_code,
        cast(null as {{ dbt.type_string() }}) as size_class,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ type_double() }}) as published_value,
        cast(null as {{ type_double() }}) as computed_value,
        cast(null as {{ type_double() }}) as abs_difference,
        cast(null as {{ type_double() }}) as tolerance,
        'reference rows missing from part1_reproduction' as failure
    from expected
    where (select responses from reference_wave_delivered) > 0
      and (expected_rows = 0 or expected_rows <> (select count(*) from reproduction))
{% endmacro %}
