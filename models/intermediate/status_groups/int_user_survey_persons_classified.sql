-- One row per drawn person per wave (the gross sample), with the interview when there is one,
-- classified by the rules of docs/DESIGN.md (Part 2, Derivations) and the report (AFI r2014:14,
-- L4500-4516, L4736-4800):
--   age on 31 December of the year before the wave; youth = 16-24, complement = 25 or older
--   non-western immigrant: birth country not western in codes.country_groups, unknown, empty or
--     not in the list; complement = a western birth country
--   NAE (nedsatt arbeidsevne) and NAE on / not on a measure from the labour-market status;
--     complement of all three = every non-NAE person, including uten informasjon (no status)
--   long-term job seeker: 26 weeks or more; complement = under 26 weeks or unknown
--   low education: UTD = 1; complement = UTD 2-4; vet ikke (8) or no answer in neither
--   analysis sample 1 = disposition 60 (complete interview); the filter of sample 3 = any of
--     Q2A-Q2D = 1 or Q5 in (1, 3); the filter of sample 2 for a service = its Q2 variable = 1 or
--     Q5 in (1, 3). Samples 2 and 3 = sample 1 and the filter. The *_filter_flag columns are the
--     routing conditions alone (they also hold for broken-off interviews, whose answers the
--     routing check judges by them).

{%- set services = user_survey_services() %}

with gross_sample as (

    select * from {{ ref('stg_user_survey_sample__gross_sample') }}

),

interviews as (

    select * from {{ ref('stg_user_survey_interviews__interviews') }}

),

dispositions as (

    select * from {{ ref('user_survey_dispositions') }}

),

status_groups as (

    select * from {{ ref('user_survey_status_groups') }}

),

labour_market_statuses as (

    select * from {{ ref('labour_market_statuses') }}

),

country_groups as (

    select * from {{ ref('country_groups') }}

),

education_levels as (

    select * from {{ ref('education_levels') }}

),

joined as (

    select
        gross_sample.wave,
        gross_sample.serial_number,
        gross_sample.disposition_code,
        dispositions.fieldwork_category,
        coalesce(dispositions.phone_found_flag, false) as phone_found_flag,
        coalesce(dispositions.interview_flag, false) as interview_flag,
        coalesce(dispositions.complete_flag, false) as complete_flag,
        coalesce(dispositions.nonresponse_flag, false) as nonresponse_flag,
        coalesce(dispositions.quota_not_contacted_flag, false) as quota_not_contacted_flag,
        interviews.serial_number is not null as interview_found_flag,
        coalesce(interviews.interview_complete_flag, false) as interview_complete_flag,
        interviews.interview_date,
        gross_sample.gender_code,
        gross_sample.birth_date,
        {{ age_at_end_of_year('gross_sample.birth_date', 'gross_sample.wave - 1') }} as age_end_of_reference_year,
        gross_sample.benefit_code,
        gross_sample.county_code,
        gross_sample.county_weight,
        gross_sample.status_group_code,
        status_groups.status_group,
        gross_sample.labour_market_status_code,
        case
            when gross_sample.labour_market_status_code is null then 'uten_informasjon'
            else coalesce(labour_market_statuses.main_group, 'ukjent_kode')
        end as labour_market_main_group,
        coalesce(labour_market_statuses.nae_flag, false) as nae_status_flag,
        coalesce(labour_market_statuses.nae_flag and labour_market_statuses.nae_on_measure_flag, false) as nae_on_measure_status_flag,
        gross_sample.jobseeker_duration_weeks,
        gross_sample.birth_country_iso3,
        country_groups.western_flag as birth_country_western_flag,
        interviews.utd as education_code,
        interviews.utd_missing_reason as education_missing_reason,
        education_levels.low_education_flag,
        {%- for service in services %}
        coalesce(interviews.{{ service.used_variable | lower }} = 1, false) as used_{{ service.service_code }}_flag,
        {%- endfor %}
        interviews.q5 as job_seeking_now_code,
        coalesce(interviews.q5 in (1, 3), false) as job_seeking_or_unsure_flag
    from gross_sample
    left join interviews
        on gross_sample.wave = interviews.wave
        and gross_sample.serial_number = interviews.serial_number
    left join dispositions
        on gross_sample.disposition_code = dispositions.disposition_code
    left join status_groups
        on gross_sample.status_group_code = status_groups.status_group_code
    left join labour_market_statuses
        on gross_sample.labour_market_status_code = labour_market_statuses.labour_market_status_code
    left join country_groups
        on gross_sample.birth_country_iso3 = country_groups.iso3
    left join education_levels
        on interviews.utd = education_levels.education_code

),

classified as (

    select
        joined.*,

        coalesce(age_end_of_reference_year between 16 and 24, false) as ungdom_flag,
        coalesce(age_end_of_reference_year >= 25, false) as ungdom_complement_flag,

        coalesce(not birth_country_western_flag, true) as ikke_vestlige_innvandrere_flag,
        coalesce(birth_country_western_flag, false) as ikke_vestlige_innvandrere_complement_flag,

        nae_status_flag as nedsatt_arbeidsevne_flag,
        not nae_status_flag as nedsatt_arbeidsevne_complement_flag,
        nae_on_measure_status_flag as nae_pa_tiltak_flag,
        not nae_status_flag as nae_pa_tiltak_complement_flag,
        nae_status_flag and not nae_on_measure_status_flag as nae_ikke_pa_tiltak_flag,
        not nae_status_flag as nae_ikke_pa_tiltak_complement_flag,

        coalesce(jobseeker_duration_weeks >= 26, false) as langtidsarbeidssokere_flag,
        coalesce(jobseeker_duration_weeks < 26, true) as langtidsarbeidssokere_complement_flag,

        coalesce(low_education_flag, false) as lav_utdanning_flag,
        coalesce(not low_education_flag, false) as lav_utdanning_complement_flag,

        {%- for service in services %}
        (used_{{ service.service_code }}_flag or job_seeking_or_unsure_flag) as as2_{{ service.service_code }}_filter_flag,
        {%- endfor %}
        (
            {%- for service in services %}
            used_{{ service.service_code }}_flag or
            {%- endfor %}
            job_seeking_or_unsure_flag
        ) as as3_filter_flag
    from joined

)

select
    classified.*,
    complete_flag as as1_flag,
    {%- for service in services %}
    complete_flag and as2_{{ service.service_code }}_filter_flag as as2_{{ service.service_code }}_flag,
    {%- endfor %}
    complete_flag and as3_filter_flag as as3_flag
from classified
