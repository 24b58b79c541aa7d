{#
    Decoding helpers for delivered text. All return SQL expressions; none knows any published number.
#}

{# Trimmed text, empty string -> null. #}
{% macro clean_text(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}


{#
    A numeric code delivered as text, left-padded with zeros to `width` digits when it is all
    digits (Excel drops leading zeros: county '1' -> '01', office '301' -> '0301').
    Anything else is kept trimmed as delivered, so a bad code stays visible to the tests.
#}
{% macro zero_padded_code(expr, width) -%}
    case
        when {{ regex_matches('trim(' ~ expr ~ ')', '^[0-9]+$') }}
            and length(trim({{ expr }})) < {{ width }}
            then lpad(trim({{ expr }}), {{ width }}, '0')
        else {{ clean_text(expr) }}
    end
{%- endmacro %}


{#
    A number typed as text ('12', '12,5', '12.5') as a double; null when the text is not one plain
    number ('ca 20', '20-25', empty).
#}
{% macro parse_plain_number(expr) -%}
    case
        when {{ regex_matches('trim(' ~ expr ~ ')', '^[0-9]+([.,][0-9]+)?$') }}
            then cast(replace(trim({{ expr }}), ',', '.') as {{ type_double() }})
    end
{%- endmacro %}
