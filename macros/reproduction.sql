{#
    within_tolerance(computed, published, tolerance, epsilon)

    The one rule every reproduction model uses: a computed number reproduces a published one when
    it differs by at most the tolerance stated in the reference seed (plus a floating-point slack);
    a missing computed value never passes.
#}
{% macro within_tolerance(computed, published, tolerance, epsilon) -%}
    coalesce(abs({{ computed }} - {{ published }}) <= {{ tolerance }} + {{ epsilon }}, false)
{%- endmacro %}
