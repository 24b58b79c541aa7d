-- One row per AA-register employment spell per register wave, from the extract loaded last in
-- the wave. Renames and casts only: dates as dates (end inclusive, null = ongoing), the
-- decimal-comma agreed weekly hours as a double. Values are as the delivery contract admits them
-- (checked at ingest), so nothing is trimmed.

with delivered as (

    {{ register_latest_delivery_rows('register_aa', 'employment_spells',
        ['person_key', 'employer_org_number', 'start_date', 'end_date', 'agreed_weekly_hours']) }}

)

select
    person_key,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    employer_org_number,
    {{ try_cast('start_date', 'date') }} as start_date,
    {{ try_cast('end_date', 'date') }} as end_date,
    {{ parse_plain_number('agreed_weekly_hours') }} as agreed_weekly_hours,
    start_date as start_date_text,
    end_date as end_date_text,
    agreed_weekly_hours as agreed_weekly_hours_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
