-- Grain: one row per wave x organisation form (Q8: avdelinger, team, annet). Respondents per
-- form and share of those who answered Q8 with one of the forms (Tabell 3).

with respondents as (

    select * from {{ ref('int_office_survey_respondents_matched') }}

),

org_forms as (

    select * from {{ ref('office_org_forms') }}

),

counted as (

    select wave, org_form_code, count(*) as respondent_count
    from respondents
    where org_form_code is not null
    group by wave, org_form_code

),

wave_totals as (

    select
        wave,
        count(*) as n_respondents,
        cast(sum(case when org_form_code is not null then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_answered,
        cast(sum(case when org_form_answered is not null and org_form_code is null then 1 else 0 end) as {{ dbt.type_bigint() }}) as n_unrecognised
    from respondents
    group by wave

)

select
    wave_totals.wave,
    org_forms.org_form_code,
    org_forms.label_nb,
    org_forms.label_en,
    org_forms.sort_order,
    coalesce(counted.respondent_count, 0) as respondent_count,
    wave_totals.n_answered,
    wave_totals.n_unrecognised,
    wave_totals.n_respondents,
    {{ safe_share('coalesce(counted.respondent_count, 0)', 'wave_totals.n_answered') }} as share
from wave_totals
cross join org_forms
left join counted
    on wave_totals.wave = counted.wave
    and org_forms.org_form_code = counted.org_form_code
