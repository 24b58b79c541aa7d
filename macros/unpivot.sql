{#
    unpivot_to_long(from_relation, key_columns, value_columns, name_column, value_column, value_type)

    Wide -> long with one `select ... union all` per value column: plain SQL that runs on any
    engine (no UNPIVOT syntax). `from_relation` may be a relation or a CTE name. Each output row
    carries the key columns, the column name (as text) in `name_column` and its value cast to
    `value_type` (default: the string type) in `value_column`.
#}
{% macro unpivot_to_long(from_relation, key_columns, value_columns, name_column='column_name', value_column='column_value', value_type=none) -%}
    {%- if value_columns | length == 0 -%}
        {%- if execute -%}
            {{ exceptions.raise_compiler_error("unpivot_to_long: no value columns to unpivot from " ~ from_relation) }}
        {%- endif -%}
        {{ return('') }}
    {%- endif -%}
    {%- set cast_type = value_type if value_type is not none else dbt.type_string() -%}
    {%- for value_col in value_columns %}
    select
        {%- for key_col in key_columns %}
        {{ key_col }},
        {%- endfor %}
        cast('{{ value_col }}' as {{ dbt.type_string() }}) as {{ name_column }},
        cast({{ value_col }} as {{ cast_type }}) as {{ value_column }}
    from {{ from_relation }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}


{#
    The columns of a relation, lower-cased, minus `exclude` and minus those starting with any of
    `exclude_prefixes`. Empty at parse time (execute is false).
#}
{% macro relation_columns_except(relation, exclude=[], exclude_prefixes=[]) -%}
    {%- set kept = [] -%}
    {%- if execute -%}
        {%- for col in adapter.get_columns_in_relation(relation) -%}
            {%- set name = col.name | lower -%}
            {%- set ns = namespace(skip=(name in exclude)) -%}
            {%- for prefix in exclude_prefixes -%}
                {%- if name.startswith(prefix) -%}{%- set ns.skip = true -%}{%- endif -%}
            {%- endfor -%}
            {%- if not ns.skip -%}{%- do kept.append(name) -%}{%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(kept) }}
{%- endmacro %}
