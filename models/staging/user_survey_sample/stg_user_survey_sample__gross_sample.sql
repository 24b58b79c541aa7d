-- One row per drawn person per wave, from the gross-sample delivery loaded last in that wave.
-- Renames, casts and decodes only: serial and county codes zero-padded, codes as integers,
-- the birth date as a date, the decimal-comma county weight as a double. Groups and analysis
-- samples are derived downstream (int_user_survey_persons_classified), never here.

with delivered as (

    {{ latest_delivery_rows(source('user_survey_sample', 'gross_sample')) }}

)

select
    {{ user_survey_serial_number('serial_number') }} as serial_number,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    {{ parse_integer_code('disposition_code') }} as disposition_code,
    upper({{ clean_text('gender_code') }}) as gender_code,
    {{ try_cast(clean_text('birth_date'), 'date') }} as birth_date,
    upper({{ clean_text('benefit_code') }}) as benefit_code,
    {{ zero_padded_code('county_code', 2) }} as county_code,
    upper({{ clean_text('labour_market_status_code') }}) as labour_market_status_code,
    {{ parse_integer_code('status_group_code') }} as status_group_code,
    {{ parse_integer_code('jobseeker_duration_weeks') }} as jobseeker_duration_weeks,
    upper({{ clean_text('birth_country_iso3') }}) as birth_country_iso3,
    {{ parse_plain_number('county_weight') }} as county_weight,
    disposition_code as disposition_code_text,
    birth_date as birth_date_text,
    jobseeker_duration_weeks as jobseeker_duration_weeks_text,
    county_weight as county_weight_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
