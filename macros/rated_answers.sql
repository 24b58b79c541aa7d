{#
    Classification of one delivered answer to a rated item (answer types likert_1_6 and
    priority_1_6_dont_know_7, see seeds/codes/office_survey_questions.csv).

    invalid_reason, in this order:
      missing          nothing delivered (null or blank)
      dont_know        the item has a "vet ikke" code (7) and the answer is 7 or "vet ikke"
      (null = valid)   one integer 1-6 ('5', '05', '5.0' from a spreadsheet cell)
      out_of_range     one integer outside 1-6 ('0', '10', '-1'; '7' where no vet ikke exists)
      several_numbers  two or more numbers ('3-4', '5 og 6', '4/5', '3,4', '4.5')
      not_a_number     any other text
    Q15/Q16 are free-text fields in Questback, which is why all of these occur.
#}

{% macro rated_answer_invalid_reason(answer_expr, item_type_expr) -%}
    case
        when {{ clean_text(answer_expr) }} is null
            then 'missing'
        when {{ item_type_expr }} = 'priority_1_6_dont_know_7'
            and (trim({{ answer_expr }}) = '7' or lower(trim({{ answer_expr }})) = 'vet ikke')
            then 'dont_know'
        when {{ regex_matches('trim(' ~ answer_expr ~ ')', '^0*[1-6]([.]0+)?$') }}
            then null
        when {{ regex_matches('trim(' ~ answer_expr ~ ')', '^[+-]?[0-9]+([.]0+)?$') }}
            then 'out_of_range'
        when {{ regex_matches('trim(' ~ answer_expr ~ ')', '[0-9][^0-9]+[0-9]') }}
            then 'several_numbers'
        else 'not_a_number'
    end
{%- endmacro %}


{# The answer as an integer 1-6 when valid, else null. #}
{% macro rated_answer_value(answer_expr) -%}
    case
        when {{ regex_matches('trim(' ~ answer_expr ~ ')', '^0*[1-6]([.]0+)?$') }}
            then cast(cast(trim({{ answer_expr }}) as {{ type_double() }}) as {{ dbt.type_int() }})
    end
{%- endmacro %}
