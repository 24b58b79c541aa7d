{#
    The grain test: no two rows share the same values of `combination_of_columns`, and none of
    those columns is null (a null key is no grain). Usage (model level):
      data_tests:
        - unique_combination_of_columns:
            arguments:
              combination_of_columns: [wave, item_code, size_class]
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set columns_csv = combination_of_columns | join(', ') %}

    select
        {{ columns_csv }},
        count(*) as row_count,
        'duplicate key' as failure
    from {{ model }}
    group by {{ columns_csv }}
    having count(*) > 1

    union all

    select
        {{ columns_csv }},
        1 as row_count,
        'null in key' as failure
    from {{ model }}
    where
        {%- for column in combination_of_columns %}
        {{ column }} is null {% if not loop.last %}or{% endif %}
        {%- endfor %}
{% endtest %}
