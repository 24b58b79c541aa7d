-- Grain: one row per drawn person per survey wave (survey_wave x survey_serial, the rows of
-- stg_followup_frame__frame): what the register spells of the survey wave's extracts say about the
-- person, read by dates (part3_followup.md 1.4):
--   register_employed_end_of_june_flag           an AA employment spell active on 30 June of the
--                                              survey wave (2014-06-30)
--   register_disability_pension_end_of_june_flag a UFOR benefit spell active on that day
--   dagpenger_2012_2013_flag                   a DAGP spell overlapping the two years before the
--                                              survey wave (2012-01-01 to 2013-12-31)
--   aap_2012_2013_flag                         an AAP spell overlapping them
-- A spell is active on a day when it starts on or before it and ends on or after it (or is open).
-- False when the person has no such spell (also when the extract is missing).

with frame as (

    select
        survey_wave,
        survey_serial,
        person_key,
        {{ followup_register_status_date('survey_wave') }} as status_date,
        make_date(cast(survey_wave - 2 as integer), 1, 1) as period_start_date,
        make_date(cast(survey_wave - 1 as integer), 12, 31) as period_end_date
    from {{ ref('stg_followup_frame__frame') }}

),

employment as (

    select frame.survey_wave, frame.survey_serial
    from frame
    inner join {{ ref('stg_register_aa__employment_spells') }} as spells
        on frame.survey_wave = spells.wave
        and frame.person_key = spells.person_key
        and spells.start_date <= frame.status_date
        and (spells.end_date is null or spells.end_date >= frame.status_date)
    group by frame.survey_wave, frame.survey_serial

),

benefits as (

    select
        frame.survey_wave,
        frame.survey_serial,
        max(case
            when spells.benefit_code = 'UFOR'
                and spells.start_date <= frame.status_date
                and (spells.end_date is null or spells.end_date >= frame.status_date)
                then 1 else 0
        end) as disability_pension,
        max(case
            when spells.benefit_code = 'DAGP'
                and spells.start_date <= frame.period_end_date
                and (spells.end_date is null or spells.end_date >= frame.period_start_date)
                then 1 else 0
        end) as dagpenger,
        max(case
            when spells.benefit_code = 'AAP'
                and spells.start_date <= frame.period_end_date
                and (spells.end_date is null or spells.end_date >= frame.period_start_date)
                then 1 else 0
        end) as aap
    from frame
    inner join {{ ref('stg_register_benefits__benefit_spells') }} as spells
        on frame.survey_wave = spells.wave
        and frame.person_key = spells.person_key
        and spells.benefit_code in ('UFOR', 'DAGP', 'AAP')
    group by frame.survey_wave, frame.survey_serial

)

select
    frame.survey_wave,
    frame.survey_serial,
    employment.survey_serial is not null as register_employed_end_of_june_flag,
    coalesce(benefits.disability_pension, 0) = 1 as register_disability_pension_end_of_june_flag,
    coalesce(benefits.dagpenger, 0) = 1 as dagpenger_2012_2013_flag,
    coalesce(benefits.aap, 0) = 1 as aap_2012_2013_flag
from frame
left join employment
    on frame.survey_wave = employment.survey_wave
    and frame.survey_serial = employment.survey_serial
left join benefits
    on frame.survey_wave = benefits.survey_wave
    and frame.survey_serial = benefits.survey_serial
