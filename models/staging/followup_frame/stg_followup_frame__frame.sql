-- One row per drawn person per survey wave (survey_serial x survey_wave), from the frame delivery
-- loaded last in the wave. Renames and casts only: the exit month as the date of its first day,
-- the invitation code as an integer and a flag. Values are as the delivery contract admits them
-- (6-digit serial, YYYY-MM, ARBS/NEDS, 1/0, checked at ingest), so nothing is trimmed. person_key
-- is the pseudonym ingest put in place of the national id; no fnr ever reaches the warehouse.

with delivered as (

    {{ register_latest_delivery_rows('followup_frame', 'frame',
        ['survey_serial', 'person_key', 'exit_month', 'stratum_code', 'invited_code']) }}

)

select
    survey_serial,
    cast(loaded_wave as {{ dbt.type_int() }}) as survey_wave,
    person_key,
    {{ try_cast("exit_month || '-01'", 'date') }} as exit_month,
    stratum_code,
    {{ parse_integer_code('invited_code') }} as invited_code,
    cast(invited_code as boolean) as invited_flag,
    exit_month as exit_month_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
