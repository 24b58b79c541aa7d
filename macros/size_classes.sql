{#
    Join condition placing a staff count in a size class of seeds/codes/office_size_classes.csv
    (min_staff_inclusive <= x < max_staff_exclusive; an empty max is open-ended). Use with a left
    join and coalesce(<alias>.size_class, 'unknown'): a missing or impossible count is 'unknown'.
#}
{% macro size_class_join_condition(staff_expr, size_classes_alias) -%}
    {{ staff_expr }} >= {{ size_classes_alias }}.min_staff_inclusive
    and (
        {{ size_classes_alias }}.max_staff_exclusive is null
        or {{ staff_expr }} < {{ size_classes_alias }}.max_staff_exclusive
    )
{%- endmacro %}
