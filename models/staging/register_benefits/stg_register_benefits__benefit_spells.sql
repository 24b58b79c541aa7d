-- One row per benefit spell per register wave, from the extract loaded last in the wave.
-- Renames and casts only: dates as dates (end inclusive, null = ongoing). Values are as the
-- delivery contract admits them (ISO dates, the benefit code list, checked at ingest), so nothing
-- is trimmed or case-folded.

with delivered as (

    {{ register_latest_delivery_rows('register_benefits', 'benefit_spells',
        ['person_key', 'benefit_code', 'start_date', 'end_date']) }}

)

select
    person_key,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    benefit_code,
    {{ try_cast('start_date', 'date') }} as start_date,
    {{ try_cast('end_date', 'date') }} as end_date,
    start_date as start_date_text,
    end_date as end_date_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
