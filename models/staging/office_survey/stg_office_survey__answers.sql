{{ config(materialized='table') }}
-- One row per respondent x questionnaire item of the delivery loaded last per wave: the wide
-- Questback export unpivoted to long text, value exactly as delivered (null = empty cell).
-- The item columns are read from the raw table at execute time, so the unpivot follows the
-- delivered contract (seeds/codes/office_survey_items.csv) without listing 150 columns here;
-- unpivot_to_long generates plain `union all` SQL that runs on any engine.

{%- set item_columns = relation_columns_except(
        source('office_survey', 'responses'),
        exclude=['respondent_id', 'completed_at'],
        exclude_prefixes=['loaded_']) %}

with delivered as (

    {{ latest_delivery_rows(source('office_survey', 'responses')) }}

),

respondents as (

    select
        {{ clean_text('respondent_id') }} as respondent_id,
        cast(loaded_wave as {{ dbt.type_int() }}) as wave,
        loaded_delivery_id
        {%- for item_column in item_columns %},
        {{ item_column }}
        {%- endfor %}
    from delivered

),

answers as (

    {{ unpivot_to_long(
        'respondents',
        key_columns=['respondent_id', 'wave', 'loaded_delivery_id'],
        value_columns=item_columns,
        name_column='item_code',
        value_column='answer_text') }}

)

select
    respondent_id,
    wave,
    item_code,
    answer_text,
    loaded_delivery_id
from answers
