-- One row per Arena status spell per register wave, from the extract loaded last in the wave.
-- Renames and casts only: dates as dates (end date inclusive, null = open), the follow-up office as
-- office_id (the key of dim_office). Values are as the delivery contract admits them (ISO dates,
-- code lists, 4-digit offices, checked at ingest), so nothing is trimmed, case-folded or padded:
-- at millions of rows that costs more than the exit rule itself.

with delivered as (

    {{ register_latest_delivery_rows('register_arena', 'status_spells',
        ['person_key', 'arena_status_code', 'start_date', 'end_date', 'measure_code', 'office_number']) }}

)

select
    person_key,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    arena_status_code,
    {{ try_cast('start_date', 'date') }} as start_date,
    {{ try_cast('end_date', 'date') }} as end_date,
    measure_code,
    office_number as office_id,
    start_date as start_date_text,
    end_date as end_date_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
