-- One row per emigration or death event per register wave, from the extract loaded last in the
-- wave. Renames and casts only: the date as a date. Values are as the delivery contract admits
-- them (checked at ingest), so nothing is trimmed or case-folded.

with delivered as (

    {{ register_latest_delivery_rows('register_residence', 'events',
        ['person_key', 'event_code', 'event_date']) }}

)

select
    person_key,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    event_code,
    {{ try_cast('event_date', 'date') }} as event_date,
    event_date as event_date_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
