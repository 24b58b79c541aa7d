-- One row per person per register wave, from the person extract loaded last in the wave.
-- Renames and casts only: the birth date as a date. Values are as the delivery contract admits
-- them (exact patterns and code lists, checked at ingest), so nothing is trimmed. person_key is
-- the pseudonym ingest put in place of the national id; no fnr ever reaches the warehouse.

with delivered as (

    {{ register_latest_delivery_rows('register_persons', 'persons',
        ['person_key', 'birth_date', 'gender_code', 'birth_country_iso3']) }}

)

select
    person_key,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    {{ try_cast('birth_date', 'date') }} as birth_date,
    gender_code,
    birth_country_iso3,
    birth_date as birth_date_text,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
