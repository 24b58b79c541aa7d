-- One row per respondent per wave: the answer matched to its register office (Q3 office number,
-- same wave), its county (register office, else the Q5 county name, else 'unknown'), its size
-- class from Q10 (seeds/codes/office_size_classes.csv; 'unknown' when Q10 is missing or not one
-- plain number) and its organisation form (Q8, seeds/codes/office_org_forms.csv).

with responses as (

    select * from {{ ref('stg_office_survey__responses') }}

),

offices as (

    select * from {{ ref('stg_office_register__offices') }}

),

counties as (

    select * from {{ ref('counties_2014') }}

),

size_classes as (

    select * from {{ ref('office_size_classes') }}

),

org_forms as (

    select * from {{ ref('office_org_forms') }}

)

select
    responses.wave,
    responses.respondent_id,
    responses.q03_office_number as office_number_answered,
    offices.office_id,
    offices.office_id is not null as office_matched_flag,
    coalesce(offices.county_code, q05_counties.county_code, 'unknown') as county_code,
    case
        when offices.county_code is not null then 'register'
        when q05_counties.county_code is not null then 'q05'
        else 'unknown'
    end as county_source,
    responses.q05_county_name as county_name_answered,
    responses.q10_staff_total as staff_total,
    responses.q11_state_counsellor_positions as state_counsellor_positions,
    responses.q07_experience_years as experience_years,
    coalesce(size_classes.size_class, 'unknown') as size_class,
    responses.q08_org_form_text as org_form_answered,
    org_forms.org_form_code,
    responses.q01_response_date as response_date,
    responses.completed_at,
    responses.loaded_delivery_id
from responses
left join offices
    on responses.q03_office_number = offices.office_id
    and responses.wave = offices.wave
left join counties as q05_counties
    on lower(responses.q05_county_name) = lower(q05_counties.county_name)
left join size_classes
    on {{ size_class_join_condition('responses.q10_staff_total', 'size_classes') }}
left join org_forms
    on lower(responses.q08_org_form_text) = lower(org_forms.delivered_value)
