-- Grain: one row per office (office_id) per wave, from the office register delivery of the wave.
-- Size class from register state + municipal årsverk (seeds/codes/office_size_classes.csv);
-- answered_flag when at least one survey answer of the wave names the office (Q3).

with offices as (

    select * from {{ ref('stg_office_register__offices') }}

),

respondents as (

    select
        wave,
        office_id,
        count(*) as respondent_count,
        min(respondent_id) as first_respondent_id
    from {{ ref('int_office_survey_respondents_matched') }}
    where office_id is not null
    group by wave, office_id

),

counties as (

    select * from {{ ref('counties_2014') }}

),

size_classes as (

    select * from {{ ref('office_size_classes') }}

),

sized as (

    select
        offices.*,
        coalesce(offices.state_fte, 0) + coalesce(offices.municipal_fte, 0) as total_fte,
        offices.state_fte is null and offices.municipal_fte is null as fte_missing_flag
    from offices

)

select
    sized.office_id,
    sized.wave,
    sized.office_name,
    sized.municipality_code,
    sized.county_code,
    coalesce(counties.county_name, sized.county_name) as county_name,
    sized.state_fte,
    sized.municipal_fte,
    case when not sized.fte_missing_flag then sized.total_fte end as total_fte,
    coalesce(size_classes.size_class, 'unknown') as size_class,
    respondents.office_id is not null as answered_flag,
    coalesce(respondents.respondent_count, 0) as respondent_count,
    respondents.first_respondent_id as respondent_id,
    sized.loaded_delivery_id
from sized
left join counties
    on sized.county_code = counties.county_code
left join size_classes
    on not sized.fte_missing_flag
    and {{ size_class_join_condition('sized.total_fte', 'size_classes') }}
left join respondents
    on sized.office_id = respondents.office_id
    and sized.wave = respondents.wave
