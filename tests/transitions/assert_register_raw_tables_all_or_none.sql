-- The five register extracts are created together by ingest (its first run creates every raw
-- table of its contracts, empty). Staging reads no rows from a register table that does not exist
-- (register_latest_delivery_rows), so a raw table named otherwise than its source declares would
-- go unnoticed: when any register raw table exists, all five must.
-- depends_on: {{ ref('stg_register_persons__persons') }}
-- depends_on: {{ ref('stg_register_arena__status_spells') }}
-- depends_on: {{ ref('stg_register_aa__employment_spells') }}
-- depends_on: {{ ref('stg_register_benefits__benefit_spells') }}
-- depends_on: {{ ref('stg_register_residence__events') }}
{%- set register_tables = [
    source('register_persons', 'persons'),
    source('register_arena', 'status_spells'),
    source('register_aa', 'employment_spells'),
    source('register_benefits', 'benefit_spells'),
    source('register_residence', 'events'),
] %}

with expected as (

    {% for relation in register_tables %}
    select '{{ relation.identifier }}' as table_name
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

present as (

    select expected.table_name, tables.table_name is not null as present_flag
    from expected
    left join information_schema.tables as tables
        on lower(tables.table_schema) = 'raw'
        and lower(tables.table_name) = lower(expected.table_name)

)

select table_name, 'missing while other register raw tables exist' as failure
from present
where not present_flag
    and exists (select 1 from present where present_flag)
