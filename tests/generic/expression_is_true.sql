{#
    Every row satisfies the boolean SQL `expression` (on a column, column_name is available
    for readability but the expression is taken as written).
#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not ({{ expression }})
{% endtest %}
