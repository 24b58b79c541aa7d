{#
    Helpers for Part 2, the current-user survey (Personbrukerundersøkelsen, oppfølgingsutvalget).
    All return SQL expressions or Jinja data; none knows a published number.
#}

{#
    A code delivered as text as an integer: '5', '05', '5.0' (SPSS numerics exported as text),
    '-1'. Null for empty text and for anything that is not one whole number ('5,5', 'ja').
#}
{% macro parse_integer_code(expr) -%}
    case
        when {{ regex_matches('trim(' ~ expr ~ ')', '^[+-]?[0-9]+([.]0+)?$') }}
            then cast(cast(trim({{ expr }}) as {{ type_double() }}) as {{ dbt.type_int() }})
    end
{%- endmacro %}


{#
    The survey serial (Løpenr / LOPENR) as 6-digit text. The gross sample delivers it as text
    ('000123'); the SPSS interview file as a number ('123', '123.0'). Anything that is not a whole
    number is kept trimmed as delivered, so a bad serial stays visible to the tests.
#}
{% macro user_survey_serial_number(expr) -%}
    case
        when {{ regex_matches('trim(' ~ expr ~ ')', '^[0-9]+([.]0+)?$') }}
            then lpad(cast(cast(cast(trim({{ expr }}) as {{ type_double() }}) as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }}), 6, '0')
        else {{ clean_text(expr) }}
    end
{%- endmacro %}


{#
    Age in whole years on 31 December of `reference_year_expr` (the report: "alder ved utgangen
    av 2013" for the 2014 wave). On the last day of the year every birthday of that year has
    passed, so the age is the difference of the years (ANSI extract, on every engine).
#}
{% macro age_at_end_of_year(birth_date_expr, reference_year_expr) -%}
    ({{ reference_year_expr }} - extract(year from {{ birth_date_expr }}))
{%- endmacro %}


{#
    The four placement services of questions 1-3 (service_code of seeds/codes/user_survey_items.csv)
    with the Q2 ("used / received") and Q3 ("satisfaction") variable of each. Analysis sample 2 is
    defined per service, so the sample flags are columns named after the service code
    (as2_<service_code>_flag). The test assert_user_survey_services_match_items_seed fails when
    this list and the items seed disagree.
#}
{% macro user_survey_services() -%}
    {{ return([
        {'service_code': 'jobsearch_info', 'used_variable': 'Q2A', 'satisfaction_variable': 'Q3A'},
        {'service_code': 'vacancy_db', 'used_variable': 'Q2B', 'satisfaction_variable': 'Q3B'},
        {'service_code': 'counsellor_help', 'used_variable': 'Q2C', 'satisfaction_variable': 'Q3C'},
        {'service_code': 'measures', 'used_variable': 'Q2D', 'satisfaction_variable': 'Q3D'},
    ]) }}
{%- endmacro %}


{#
    The analysis samples, in report order: as1, as2_<service> (one per service), as3. Tabell 34's
    "analyseutvalg 2" is as2_measures (the report's footnote **).
#}
{% macro user_survey_analysis_samples() -%}
    {%- set samples = ['as1'] -%}
    {%- for service in user_survey_services() -%}
        {%- do samples.append('as2_' ~ service.service_code) -%}
    {%- endfor -%}
    {%- do samples.append('as3') -%}
    {{ return(samples) }}
{%- endmacro %}


{#
    The vulnerable groups (vulnerable_group of seeds/codes/vulnerable_groups.csv): each has a
    <group>_flag and a <group>_complement_flag column ("resten av befolkningen" of that group).
    The test assert_user_survey_vulnerable_groups_match_seed fails when this list and the seed disagree.
#}
{% macro user_survey_vulnerable_groups() -%}
    {{ return(['ungdom', 'ikke_vestlige_innvandrere', 'nedsatt_arbeidsevne', 'nae_pa_tiltak',
               'nae_ikke_pa_tiltak', 'langtidsarbeidssokere', 'lav_utdanning']) }}
{%- endmacro %}


{#
    A SQL `case` turning an analysis-sample code (as1, as2_<service>, as3) into the matching flag
    column of `relation_alias` (e.g. persons.as3_flag); false for an unknown code.
#}
{% macro user_survey_sample_flag(sample_expr, relation_alias) -%}
    case {{ sample_expr }}
        {%- for sample in user_survey_analysis_samples() %}
        when '{{ sample }}' then {{ relation_alias }}.{{ sample }}_flag
        {%- endfor %}
        else false
    end
{%- endmacro %}


{#
    assert_part2_table_reproduced(table_id)

    Body of the singular test "the marts reproduce published Part 2 table <table_id>": the rows of
    marts.part2_reproduction for the table that are out of tolerance (or have no computed value),
    plus one row when the reproduction holds fewer rows for the table than the reference seed
    (unweighted rows) or none at all. Empty result = the table is reproduced.
#}
{% macro assert_part2_table_reproduced(table_id) %}
    {{ reproduction_failures('part2_reproduction', 'part2_published_figures', table_id,
        ['analysis_sample', 'group_type', 'group_code'], reference_filter='not weighted_flag') }}
{% endmacro %}
