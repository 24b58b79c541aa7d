-- Grain: one row per person per exit month per register wave (register_wave x person_key x
-- exit_month): the exits of NAV's overgangsstatistikk of every person aged {{ register_exit_min_age() }} and over at
-- the end of the exit month (the follow-up survey's frame draws 16-19-year-olds too), with
-- in_statistics_population_flag marking the statistic's population (aged 20-66 and living in
-- Norway at the end of the exit month: register_transition_rates counts only those), the age
-- band, the register facts the vulnerable groups use, the
-- office that followed the person up (and through dim_office its county and size class), and the
-- status six months after. See int_register_exits and the macro register_exit_histories
-- (int_register_exit_histories) for the rules.
--
-- A table, rebuilt whole (the default, always right). With --vars '{register_incremental: true}'
-- (the monthly run after an extract of one month more) it is incremental: an extract that
-- extends the one built can change only the exits whose six-month status was not yet seen (and
-- add new ones), so the run rebuilds a wave's exits from its first exit month with a null
-- six-month status on (every exit of a new wave). An extract that corrects earlier months (a
-- re-delivery) needs a build without the variable or --full-refresh.

{{ config(
    materialized='incremental' if var('register_incremental', false) else 'table',
    unique_key=['register_wave', 'person_key', 'exit_month'],
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

with exits as (

    select exits.*
    from {{ ref('int_register_exits') }} as exits
    {%- if is_incremental() %}
    left join (
        select
            register_wave,
            coalesce(
                min(case when six_month_status is null then exit_month end),
                cast({{ dbt.dateadd('month', 1, 'max(exit_month)') }} as date)
            ) as rebuild_from_month
        from {{ this }}
        group by register_wave
    ) as built
        on exits.register_wave = built.register_wave
    {%- endif %}
    where exits.age_at_exit >= {{ register_exit_min_age() }}
    {%- if is_incremental() %}
        and (built.rebuild_from_month is null or exits.exit_month >= built.rebuild_from_month)
    {%- endif %}

),

histories as (

    {{ register_exit_histories('exits') }}

),

countries as (

    select iso3, western_flag, eea_2014_flag from {{ ref('country_groups') }}

),

offices as (

    select * from {{ ref('dim_office') }}

),

-- the office register of the register wave, else the latest one before it
office_waves as (

    select
        register_waves.register_wave,
        max(offices.wave) as office_register_wave
    from (select distinct register_wave from exits) as register_waves
    inner join (select distinct wave from offices) as offices
        on offices.wave <= register_waves.register_wave
    group by register_waves.register_wave

)

select
    exits.register_wave,
    exits.person_key,
    exits.exit_month,
    cast(floor(cast(exits.exit_month_index as {{ type_double() }}) / 12) as {{ dbt.type_int() }}) as exit_year,
    exits.exit_status,
    exits.registered_status,
    exits.reclassified_flag,
    exits.arena_status_code,
    exits.in_statistics_population_flag,
    exits.left_population_by_exit_flag,
    exits.age_at_exit,
    exits.age_band,
    exits.age_at_exit <= 24 as youth_flag,
    exits.gender_code,
    case
        when exits.birth_country_iso3 is null then 'unknown'
        when exits.birth_country_iso3 = 'NOR' then 'norway'
        when countries.eea_2014_flag then 'eea'
        else 'outside_eea'
    end as birth_region,
    countries.western_flag as birth_country_western_flag,
    not coalesce(countries.western_flag, false) as non_western_flag,
    histories.long_term_job_seeker_flag,
    histories.measure_last_6_months_flag,
    exits.office_id,
    office_waves.office_register_wave,
    offices.county_code,
    offices.county_name,
    coalesce(offices.size_class, 'unknown') as office_size_class,
    {{ month_start_from_index('histories.follow_up_month_index') }} as follow_up_month,
    histories.six_month_status,
    histories.six_month_status_detail
from exits
inner join histories
    on exits.register_wave = histories.register_wave
    and exits.person_key = histories.person_key
    and exits.exit_month_index = histories.exit_month_index
left join countries
    on exits.birth_country_iso3 = countries.iso3
left join office_waves
    on exits.register_wave = office_waves.register_wave
left join offices
    on exits.office_id = offices.office_id
    and office_waves.office_register_wave = offices.wave
