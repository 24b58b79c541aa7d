-- The response rate of the survey per wave, as the report defines it (footnote 56, L4522-4525,
-- the same definition as Norstat and NAV use): interviews (dispositions 50 and 60) divided by
-- interviews + non-response (dispositions 31-43) + the share of the persons not contacted
-- because the quotas were full (disposition 20) assumed to belong to the target group,
-- var('quota_not_contacted_in_target_share'). Persons with a phone number never released to
-- fieldwork (15) and those without a phone number (10) are outside the formula.

with persons as (

    select * from {{ ref('int_user_survey_persons_classified') }}

),

counted as (

    select
        wave,
        sum(case when interview_flag then 1 else 0 end) as interview_count,
        sum(case when nonresponse_flag then 1 else 0 end) as nonresponse_count,
        sum(case when quota_not_contacted_flag then 1 else 0 end) as quota_not_contacted_count
    from persons
    group by wave

),

with_denominator as (

    select
        counted.*,
        cast({{ var('quota_not_contacted_in_target_share') }} as {{ type_double() }}) as quota_in_target_share,
        interview_count + nonresponse_count
            + cast({{ var('quota_not_contacted_in_target_share') }} as {{ type_double() }}) * quota_not_contacted_count
            as response_rate_denominator
    from counted

)

select
    cast(wave as {{ dbt.type_int() }}) as wave,
    cast(interview_count as {{ dbt.type_bigint() }}) as interview_count,
    cast(nonresponse_count as {{ dbt.type_bigint() }}) as nonresponse_count,
    cast(quota_not_contacted_count as {{ dbt.type_bigint() }}) as quota_not_contacted_count,
    quota_in_target_share,
    response_rate_denominator,
    {{ safe_share('interview_count', 'response_rate_denominator') }} as response_rate
from with_denominator
