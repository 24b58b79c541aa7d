-- Grain: one row per person per exit month per register wave (register_wave x person_key x
-- exit_month_index): every exit from the job-seeker or reduced-work-capacity status by NAV's
-- rule (docs/DESIGN.md, "The exit rule"), whether or not the person is in the population; the
-- statistic's population (20-66, living in Norway) is a flag here (in_statistics_population_flag),
-- carried to fct_register_exit, which keeps every exit of persons aged 16 and over.
--
-- Spell-based, never person-months: each Arena spell becomes the range of month ends it covers
-- [first_month_index, last_month_index]; per person and main status the ranges are read in order
-- with a running maximum of their ends, and an exit in month m is the end of a run of covered
-- month ends that the next range of the same status does not resume by the end of m + 2 (a
-- one-month break is not an exit, two are). Moving to the other status is therefore an exit.
-- Only month ends the extract has seen count: the end of m + 2 must be at or before the last
-- month end the wave's Arena extract has seen (int_register_extracts).
--
-- A table, rebuilt whole (the default, always right). With --vars '{register_incremental: true}'
-- (the monthly run after an extract of one month more) it is incremental: an extract that
-- extends the one built decides only the exits whose m + 2 it newly sees, all of persons
-- registered at a month end from the month before the last one seen on; the run reads those
-- persons' spells only and adds their new exits (every exit of a new wave). An extract that
-- corrects earlier months (a re-delivery) needs a build without the variable or --full-refresh.

{{ config(
    materialized='incremental' if var('register_incremental', false) else 'table',
    unique_key=['register_wave', 'person_key', 'exit_month_index'],
    incremental_strategy='delete+insert',
    on_schema_change='fail'
) }}

with spells as (

    select
        register_wave,
        person_key,
        arena_status_code,
        main_status,
        status_sort_order,
        office_id,
        {{ month_index('start_date') }} as first_month_index,
        {{ last_covered_month_index('end_date') }} as last_month_index
    from {{ ref('int_register_arena_spells') }}
    where main_status in ('job_seeker', 'reduced_work_capacity')

),

-- the last month end the wave's Arena extract has seen
extracts as (

    select
        register_wave,
        arena_observed_through_month_index as observed_through_month_index
    from {{ ref('int_register_extracts') }}
    where arena_observed_through_month_index is not null

),

{%- if is_incremental() %}

-- the last month end the exits built so far were decided with, per wave
decided as (

    select register_wave, max(observed_through_month_index) as decided_through_month_index
    from {{ this }}
    group by register_wave

),

-- persons registered at a month end from the month before it on: only they can have new exits
undecided_persons as (

    select distinct spells.register_wave, spells.person_key
    from spells
    left join decided
        on spells.register_wave = decided.register_wave
    where decided.decided_through_month_index is null
        or spells.last_month_index >= decided.decided_through_month_index - 1

),
{%- endif %}

-- spells covering at least one month end
covered as (

    select spells.*
    from spells
    {%- if is_incremental() %}
    inner join undecided_persons
        on spells.register_wave = undecided_persons.register_wave
        and spells.person_key = undecided_persons.person_key
    {%- endif %}
    where spells.last_month_index >= spells.first_month_index

),

-- one window pass per person and status, in start order (ties: the status first in the seed's
-- order comes last, so it is the one read at the exit month)
ordered as (

    select
        register_wave,
        person_key,
        main_status,
        arena_status_code,
        office_id,
        last_month_index,
        max(last_month_index) over (
            partition by register_wave, person_key, main_status
            order by first_month_index, last_month_index, status_sort_order desc, office_id desc
            rows between unbounded preceding and current row
        ) as covered_through_month_index,
        lead(first_month_index) over (
            partition by register_wave, person_key, main_status
            order by first_month_index, last_month_index, status_sort_order desc, office_id desc
        ) as next_first_month_index
    from covered

),

rule_exits as (

    select
        ordered.register_wave,
        ordered.person_key,
        ordered.main_status as registered_status,
        ordered.covered_through_month_index as exit_month_index,
        ordered.arena_status_code,
        ordered.office_id,
        -- the run's last spell (the one started last) covers the exit month unless an earlier,
        -- longer spell of the run does and it ended before
        ordered.last_month_index = ordered.covered_through_month_index as last_spell_covers_exit_flag,
        extracts.observed_through_month_index
    from ordered
    inner join extracts
        on ordered.register_wave = extracts.register_wave
    {%- if is_incremental() %}
    left join decided
        on ordered.register_wave = decided.register_wave
    {%- endif %}
    where (
            ordered.next_first_month_index is null
            or ordered.next_first_month_index > ordered.covered_through_month_index + 2
        )
        and ordered.covered_through_month_index + 2 <= extracts.observed_through_month_index
        {%- if is_incremental() %}
        and (
            decided.decided_through_month_index is null
            or ordered.covered_through_month_index + 2 > decided.decided_through_month_index
        )
        {%- endif %}

),

-- the rare exits whose run ends in an earlier spell than its last: that spell, the one started
-- last among those covering the exit month
nested_status_at_exit as (

    select
        rule_exits.register_wave,
        rule_exits.person_key,
        rule_exits.registered_status,
        rule_exits.exit_month_index,
        covered.arena_status_code,
        covered.office_id,
        row_number() over (
            partition by rule_exits.register_wave, rule_exits.person_key,
                rule_exits.registered_status, rule_exits.exit_month_index
            order by covered.first_month_index desc, covered.status_sort_order, covered.office_id
        ) as spell_rank
    from rule_exits
    inner join covered
        on rule_exits.register_wave = covered.register_wave
        and rule_exits.person_key = covered.person_key
        and rule_exits.registered_status = covered.main_status
        and covered.first_month_index <= rule_exits.exit_month_index
        and covered.last_month_index >= rule_exits.exit_month_index
    where not rule_exits.last_spell_covers_exit_flag

),

-- job-seeker exits of persons with reduced work capacity at the end of any of the five months before
reduced_capacity_before as (

    select distinct
        rule_exits.register_wave,
        rule_exits.person_key,
        rule_exits.exit_month_index
    from rule_exits
    inner join covered
        on rule_exits.register_wave = covered.register_wave
        and rule_exits.person_key = covered.person_key
        and covered.main_status = 'reduced_work_capacity'
        and covered.first_month_index <= rule_exits.exit_month_index - 1
        and covered.last_month_index >= rule_exits.exit_month_index - 5
    where rule_exits.registered_status = 'job_seeker'

),

-- overlapping spells can make one month the exit from both statuses: keep reduced work capacity
reduced_capacity_exits as (

    select register_wave, person_key, exit_month_index
    from rule_exits
    where registered_status = 'reduced_work_capacity'

),

classified as (

    select
        rule_exits.register_wave,
        rule_exits.person_key,
        rule_exits.exit_month_index,
        rule_exits.registered_status,
        case
            when reduced_capacity_before.person_key is not null then 'reduced_work_capacity'
            else rule_exits.registered_status
        end as exit_status,
        reduced_capacity_before.person_key is not null as reclassified_flag,
        case
            when rule_exits.last_spell_covers_exit_flag then rule_exits.arena_status_code
            else nested_status_at_exit.arena_status_code
        end as arena_status_code,
        case
            when rule_exits.last_spell_covers_exit_flag then rule_exits.office_id
            else nested_status_at_exit.office_id
        end as office_id,
        rule_exits.observed_through_month_index
    from rule_exits
    left join nested_status_at_exit
        on rule_exits.register_wave = nested_status_at_exit.register_wave
        and rule_exits.person_key = nested_status_at_exit.person_key
        and rule_exits.registered_status = nested_status_at_exit.registered_status
        and rule_exits.exit_month_index = nested_status_at_exit.exit_month_index
        and nested_status_at_exit.spell_rank = 1
    left join reduced_capacity_before
        on rule_exits.register_wave = reduced_capacity_before.register_wave
        and rule_exits.person_key = reduced_capacity_before.person_key
        and rule_exits.exit_month_index = reduced_capacity_before.exit_month_index
        and rule_exits.registered_status = 'job_seeker'
    left join reduced_capacity_exits
        on rule_exits.register_wave = reduced_capacity_exits.register_wave
        and rule_exits.person_key = reduced_capacity_exits.person_key
        and rule_exits.exit_month_index = reduced_capacity_exits.exit_month_index
        and rule_exits.registered_status = 'job_seeker'
    where reduced_capacity_exits.person_key is null

),

persons as (

    select wave as register_wave, person_key, birth_date, gender_code, birth_country_iso3
    from {{ ref('stg_register_persons__persons') }}

),

-- emigration or death: the first such event counts (living in Norway ends there)
left_population as (

    select
        wave as register_wave,
        person_key,
        min(event_date) as left_population_date
    from {{ ref('stg_register_residence__events') }}
    where event_code in ('UTVANDRET', 'DOD')
    group by wave, person_key

),

aged as (

    select
        classified.*,
        {{ age_at_month_end('persons.birth_date', 'classified.exit_month_index') }} as age_at_exit,
        persons.gender_code,
        persons.birth_country_iso3,
        left_population.left_population_date,
        left_population.left_population_date is not null
            and {{ month_index('left_population.left_population_date') }} <= classified.exit_month_index
            as left_population_by_exit_flag
    from classified
    left join persons
        on classified.register_wave = persons.register_wave
        and classified.person_key = persons.person_key
    left join left_population
        on classified.register_wave = left_population.register_wave
        and classified.person_key = left_population.person_key

)

select
    register_wave,
    person_key,
    exit_month_index,
    {{ month_start_from_index('exit_month_index') }} as exit_month,
    registered_status,
    exit_status,
    reclassified_flag,
    arena_status_code,
    office_id,
    age_at_exit,
    gender_code,
    birth_country_iso3,
    {{ register_age_band('age_at_exit') }} as age_band,
    left_population_by_exit_flag,
    {{ in_statistics_population('age_at_exit', 'left_population_by_exit_flag') }}
        as in_statistics_population_flag,
    observed_through_month_index
from aged
