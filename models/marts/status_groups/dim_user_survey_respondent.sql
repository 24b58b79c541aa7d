-- One row per interviewed person (wave x serial_number): everyone with a case in the interview
-- file, complete or broken off. Disposition, county and weight, register status group and
-- labour-market main group, age, the flag of every vulnerable group and of its complement,
-- the analysis-sample flags and the self-reported education. The serial is the survey's own,
-- never a national id; the birth date and birth country stay in the intermediate layer (the
-- marts are published), only the age and the western / non-western split come here.

{%- set services = user_survey_services() %}

with persons as (

    select * from {{ ref('int_user_survey_persons_classified') }}
    where interview_found_flag

),

dispositions as (

    select disposition_code, label_en from {{ ref('user_survey_dispositions') }}

),

counties as (

    select county_code, county_name from {{ ref('counties_2014') }}

)

select
    persons.wave,
    persons.serial_number,
    persons.disposition_code,
    dispositions.label_en as disposition_label_en,
    persons.complete_flag,
    persons.interview_complete_flag,
    persons.interview_date,
    persons.county_code,
    counties.county_name,
    persons.county_weight,
    persons.gender_code,
    persons.age_end_of_reference_year,
    persons.benefit_code,
    persons.status_group_code,
    persons.status_group,
    persons.labour_market_status_code,
    persons.labour_market_main_group,
    persons.jobseeker_duration_weeks,
    persons.birth_country_western_flag,
    persons.education_code,
    persons.education_missing_reason,
    {%- for group in user_survey_vulnerable_groups() %}
    persons.{{ group }}_flag,
    persons.{{ group }}_complement_flag,
    {%- endfor %}
    persons.job_seeking_now_code,
    {%- for service in services %}
    persons.used_{{ service.service_code }}_flag,
    {%- endfor %}
    {%- for sample in user_survey_analysis_samples() %}
    persons.{{ sample }}_flag,
    {%- endfor %}
    {%- for service in services %}
    persons.as2_{{ service.service_code }}_filter_flag,
    {%- endfor %}
    persons.as3_filter_flag
from persons
left join dispositions
    on persons.disposition_code = dispositions.disposition_code
left join counties
    on persons.county_code = counties.county_code
