{#
    assert_part1_table_reproduced(table_id)

    Body of the singular test "the marts reproduce published table <table_id>": returns the rows
    of marts.part1_reproduction for the table that are out of tolerance (or have no computed
    value), plus one row when the reproduction holds fewer rows for the table than the reference
    seed or none at all. Empty result = the table is reproduced. When the report's wave was not
    delivered at all (a warehouse holding only later waves) there is nothing to reproduce.
#}
{% macro assert_part1_table_reproduced(table_id) %}
    {%- set reference_wave_delivered -%}
        (select count(*) from {{ ref('stg_office_survey__responses') }}
         where wave = {{ var('part1_reference_wave') }}) > 0
    {%- endset -%}
    {{ reproduction_failures('part1_reproduction', 'part1_published_figures', table_id, ['item_code', 'size_class'],
        reference_filter="statistic not in ('pearson_r', 'p_value_upper_bound', 'reminders_sent')",
        active=reference_wave_delivered) }}
{% endmacro %}
