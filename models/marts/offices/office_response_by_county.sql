-- Grain: one row per wave x county (the 2014 counties plus 'unknown' for answers whose county
-- cannot be told). Offices in the register, offices that answered, response share (Tabell 2).

with offices as (

    select wave, county_code, count(*) as offices_total
    from {{ ref('dim_office') }}
    group by wave, county_code

),

respondents as (

    -- Offices, not questionnaires: two answers from one office count once. Answers that match no
    -- register office each stand for an office of their own.
    select
        wave,
        county_code,
        count(distinct coalesce(office_id, {{ dbt.concat(["'respondent:'", "respondent_id"]) }})) as offices_answered
    from {{ ref('int_office_survey_respondents_matched') }}
    group by wave, county_code

),

counties as (

    select county_code, county_name
    from {{ ref('counties_2014') }}

    union all

    select 'unknown' as county_code, 'unknown' as county_name

),

waves as (

    select wave from offices
    union
    select wave from respondents

),

grid as (

    select waves.wave, counties.county_code, counties.county_name
    from waves
    cross join counties

)

select
    grid.wave,
    grid.county_code,
    grid.county_name,
    coalesce(offices.offices_total, 0) as offices_total,
    coalesce(respondents.offices_answered, 0) as offices_answered,
    {{ safe_share('coalesce(respondents.offices_answered, 0)', 'offices.offices_total') }} as response_share
from grid
left join offices
    on grid.wave = offices.wave
    and grid.county_code = offices.county_code
left join respondents
    on grid.wave = respondents.wave
    and grid.county_code = respondents.county_code
