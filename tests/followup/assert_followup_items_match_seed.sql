-- The item list staging reads (macro followup_items in macros/followup.sql: raw column, staged
-- column name, kind) is seeds/codes/followup_items.csv (item_code, column_name, item_kind), the
-- list the ingest contract checks the delivery against: an item in one and not the other, or
-- named or typed differently, is a row here.

with macro_items as (

    {%- for item_code, column_name, item_kind in followup_items() %}
    select '{{ item_code }}' as item_code, '{{ column_name }}' as column_name, '{{ item_kind }}' as item_kind
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

seed_items as (

    select item_code, column_name, item_kind from {{ ref('followup_items') }}

)

select 'in macros/followup.sql only' as failure, * from (select * from macro_items except select * from seed_items)
union all
select 'in the seed only' as failure, * from (select * from seed_items except select * from macro_items)
