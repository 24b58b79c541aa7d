{#
    Within each group of `group_by_columns`, the shares in `column_name` add up to 1 (within
    `tolerance`) wherever any share is non-null.
#}
{% test shares_sum_to_one(model, column_name, group_by_columns, tolerance=0.000001) %}
    select
        {{ group_by_columns | join(', ') }},
        sum({{ column_name }}) as share_total
    from {{ model }}
    group by {{ group_by_columns | join(', ') }}
    having count({{ column_name }}) > 0
       and abs(sum({{ column_name }}) - 1) > {{ tolerance }}
{% endtest %}
