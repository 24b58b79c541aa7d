{#
    within_tolerance(computed, published, tolerance, epsilon)

    The one rule every reproduction model uses: a computed number reproduces a published one when
    it differs by at most the tolerance stated in the reference seed (plus a floating-point slack);
    a missing computed value never passes.
#}
{% macro within_tolerance(computed, published, tolerance, epsilon) -%}
    coalesce(abs({{ computed }} - {{ published }}) <= {{ tolerance }} + {{ epsilon }}, false)
{%- endmacro %}


{#
    reproduction_failures(reproduction_model, reference_seed, table_id, key_columns, reference_filter, active)

    The one body of every "the marts reproduce published table <table_id>" singular test: the rows
    of the reproduction model for the table that are out of tolerance (or have no computed value),
    plus one row when the reproduction holds fewer rows for the table than the reference seed
    (its rows passing reference_filter) or none at all. Empty result = the table is reproduced.
    key_columns: the columns (besides figure_id, statistic, category) that say which number failed.
    active: a SQL condition; when false the warehouse has nothing to reproduce (the report's wave
    or source was not delivered) and the test returns no rows.
#}
{% macro reproduction_failures(reproduction_model, reference_seed, table_id, key_columns,
                               reference_filter='true', active='true') %}
    with reproduction as (

        select *
        from {{ ref(reproduction_model) }}
        where table_id = '{{ table_id }}'
          and {{ active }}

    ),

    expected as (

        select count(*) as expected_rows
        from {{ ref(reference_seed) }}
        where table_id = '{{ table_id }}'
          and {{ reference_filter }}
          and {{ active }}

    )

    select
        figure_id,
        statistic,
        {%- for column in key_columns %}
        {{ column }},
        {%- endfor %}
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
        {%- for column in key_columns %}
        cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ type_double() }}) as published_value,
        cast(null as {{ type_double() }}) as computed_value,
        cast(null as {{ type_double() }}) as abs_difference,
        cast(null as {{ type_double() }}) as tolerance,
        'reference rows missing from {{ reproduction_model }}' as failure
    from expected
    where {{ active }}
      and (expected_rows = 0 or expected_rows <> (select count(*) from reproduction))
{% endmacro %}
