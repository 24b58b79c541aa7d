-- One row per office per wave, from the register delivery loaded last in that wave.
-- Renames, casts and decodes only: codes zero-padded, decimal-comma årsverk as doubles.

with delivered as (

    {{ latest_delivery_rows(source('office_register', 'offices')) }}

)

select
    {{ zero_padded_code('office_number', 4) }} as office_id,
    {{ clean_text('office_name') }} as office_name,
    {{ zero_padded_code('municipality_number', 4) }} as municipality_code,
    {{ zero_padded_code('county_code', 2) }} as county_code,
    {{ clean_text('county_name') }} as county_name,
    {{ parse_plain_number('state_fte') }} as state_fte,
    {{ parse_plain_number('municipal_fte') }} as municipal_fte,
    state_fte as state_fte_text,
    municipal_fte as municipal_fte_text,
    cast(loaded_wave as {{ dbt.type_int() }}) as wave,
    loaded_delivery_id,
    loaded_file_name,
    loaded_file_sha256,
    cast(loaded_row_number as {{ dbt.type_int() }}) as loaded_row_number,
    cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
from delivered
