-- Grain: one row per survey respondent (Questback respondent_id) per wave: the answered
-- questionnaire with the register office it names (Q3), its county, the office size it reports
-- (Q10) and its size class, organisation form (Q8) and the respondent's experience (Q7).

with respondents as (

    select * from {{ ref('int_office_survey_respondents_matched') }}

),

counties as (

    select county_code, county_name from {{ ref('counties_2014') }}

)

select
    respondents.respondent_id,
    respondents.wave,
    respondents.office_id,
    respondents.office_number_answered,
    respondents.office_matched_flag,
    respondents.county_code,
    coalesce(counties.county_name, 'unknown') as county_name,
    respondents.county_source,
    respondents.staff_total as staff_total_reported,
    respondents.size_class,
    respondents.state_counsellor_positions,
    respondents.org_form_code,
    respondents.experience_years,
    respondents.response_date,
    respondents.completed_at,
    respondents.loaded_delivery_id
from respondents
left join counties
    on respondents.county_code = counties.county_code
