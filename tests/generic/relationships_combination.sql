{#
    Every combination of `columns` in the model exists as a combination of `to_columns` in `to`
    (a relationships test on a composite key; rows with a null in `columns` are ignored).
    Usage (model level):
      data_tests:
        - relationships_combination:
            arguments:
              columns: [group_type, group_code]
              to: ref('int_user_survey_groups')
              to_columns: [group_type, group_code]
#}
{% test relationships_combination(model, columns, to, to_columns) %}
    select distinct
        {%- for column in columns %}
        child.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ model }} as child
    where
        {%- for column in columns %}
        child.{{ column }} is not null {% if not loop.last %}and{% endif %}
        {%- endfor %}
        and not exists (
            select 1
            from {{ to }} as parent
            where
                {%- for column in columns %}
                parent.{{ to_columns[loop.index0] }} = child.{{ column }} {% if not loop.last %}and{% endif %}
                {%- endfor %}
        )
{% endtest %}
