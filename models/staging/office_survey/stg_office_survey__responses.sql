-- One row per answered questionnaire per wave, from the Questback delivery loaded last in that
-- wave. Metadata questions typed (Q3 office number zero-padded, Q7 and Q10-Q14 as numbers where
-- the answer is one plain number); the rated items are in stg_office_survey__answers.

with delivered as (

    {{ latest_delivery_rows(source('office_survey', 'responses')) }}

)

select
    {{ clean_text('respondent_id') }} as respondent_id,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    {{ try_cast(clean_text('completed_at'), dbt.type_timestamp()) }} as completed_at,
    {{ try_cast(clean_text('q01'), 'date') }} as q01_response_date,
    {{ clean_text('q02') }} as q02_office_name,
    {{ zero_padded_code('q03', 4) }} as q03_office_number,
    {{ clean_text('q04') }} as q04_postal_code,
    {{ clean_text('q05') }} as q05_county_name,
    {{ clean_text('q06') }} as q06_respondent_title,
    {{ parse_plain_number('q07') }} as q07_experience_years,
    {{ clean_text('q08') }} as q08_org_form_text,
    {{ clean_text('q09') }} as q09_org_form_other_text,
    {{ parse_plain_number('q10') }} as q10_staff_total,
    {{ parse_plain_number('q11') }} as q11_state_counsellor_positions,
    {{ parse_plain_number('q12') }} as q12_staff_main_task_placement,
    {{ parse_plain_number('q13') }} as q13_staff_main_task_recruitment,
    {{ parse_plain_number('q14') }} as q14_staff_main_task_both,
    q07 as q07_experience_years_text,
    q10 as q10_staff_total_text,
    q11 as q11_state_counsellor_positions_text,
    {{ clean_text('q17') }} as q17_priority_measures_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
