{{ config(materialized='view') }}

-- Grain: one row per register wave: the last month end each register extract of the wave has
-- seen (month index, year * 12 + month - 1), from the delivery ids staging uses (the latest
-- delivery of the wave): 2014-06 holds the month ends through June 2014. Null when the wave has
-- no extract of that register. The exit rule needs the Arena extract to have seen m + 2, the
-- six-month status all three extracts to have seen m + 6. A view: reading the few distinct
-- delivery ids with the models that need them costs less than a table of its own.

with deliveries as (

    select 'arena' as register_name, wave, loaded_delivery_id
    from {{ ref('stg_register_arena__status_spells') }}
    group by wave, loaded_delivery_id

    union all

    select 'employment' as register_name, wave, loaded_delivery_id
    from {{ ref('stg_register_aa__employment_spells') }}
    group by wave, loaded_delivery_id

    union all

    select 'benefits' as register_name, wave, loaded_delivery_id
    from {{ ref('stg_register_benefits__benefit_spells') }}
    group by wave, loaded_delivery_id

),

observed as (

    select
        register_name,
        wave,
        {{ extract_observed_through_month_index('loaded_delivery_id', 'wave') }} as observed_through_month_index
    from deliveries

)

select
    wave as register_wave,
    max(case when register_name = 'arena' then observed_through_month_index end)
        as arena_observed_through_month_index,
    max(case when register_name = 'employment' then observed_through_month_index end)
        as employment_observed_through_month_index,
    max(case when register_name = 'benefits' then observed_through_month_index end)
        as benefits_observed_through_month_index
from observed
group by wave
