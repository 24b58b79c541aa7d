{#
    register_exit_histories(exits_relation)

    What the registers say around each exit of `exits_relation` (a relation or a parenthesised
    query with register_wave, person_key, exit_month_index and arena_status_code; one row per
    exit): a complete query, one row per exit. int_register_exit_histories runs it on every exit
    in the population; fct_register_exit on the exits it (re)builds, so a new month reads only
    the exits it can change.

    Before the exit:
      long_term_job_seeker_flag: helt ledig (HL, the status read at the exit) at the end of the
        exit month, in a run of HL spells (a spell starting at most one day after the run so far
        ends continues it) that had lasted at least 26 weeks (182 days, both ends counted) by
        then: HL spells cover every day of the 182 days up to the end of the exit month.
      measure_last_6_months_flag: on a measure (an Arena status on a measure, AT or NT, or a spell
        with a measure code) on any day of the exit month or the five months before it.
    Six months after, at the end of month m + 6, by this priority where several hold:
      1 disability_pension     uførepensjon (UFOR) benefit spell
      2 old_age_pension        alderspensjon (ALDR) benefit spell
      3 reduced_work_capacity  an Arena spell with reduced work capacity (N*)
      4 job_seeker             an Arena job-seeker spell (HL, DL, AT, AA); the detail names the
                               group, the first in the seed's order (helt_ledig first)
      5 employee_with_benefit  an AA employment spell and AAP, DAGP, INDS or OVST (not SYKP)
      6 employee_only          an AA employment spell
      7 other                  none of these (self-employed, in education, at home, ...); the
                               detail says emigrated_or_dead when the residence register says so
    A spell holds at the end of a month when it starts on or before that day and ends on or after
    it (or is open). The six-month status is null until the Arena, AA and benefit extracts of the
    wave have all seen the end of m + 6.

    One pass over the spells: every Arena, AA and benefit spell of a person that could matter
    (starting by the end of m + 6 and ending in m - 5 or later) is joined to the exit once and read
    with conditional aggregates.
#}
{% macro register_exit_histories(exits_relation) -%}
with histories_exits as (

    select
        histories_exits.register_wave,
        histories_exits.person_key,
        histories_exits.exit_month_index,
        histories_exits.exit_month_index + 6 as follow_up_month_index,
        histories_exits.arena_status_code,
        case
            when histories_exits.exit_month_index + 6 <= extracts.arena_observed_through_month_index
                and histories_exits.exit_month_index + 6 <= extracts.employment_observed_through_month_index
                and histories_exits.exit_month_index + 6 <= extracts.benefits_observed_through_month_index
                then 1
            else 0
        end as follow_up_observed
    from {{ exits_relation }} as histories_exits
    left join {{ ref('int_register_extracts') }} as extracts
        on histories_exits.register_wave = extracts.register_wave

),

-- every spell as (kind, month of its first day, month of its last day, last month end it covers)
spells as (

    select
        register_wave,
        person_key,
        main_status as kind,
        status_sort_order,
        measure_flag,
        {{ month_index('start_date') }} as start_month_index,
        coalesce({{ month_index('end_date') }}, {{ open_month_index() }}) as end_month_index,
        {{ last_covered_month_index('end_date') }} as last_month_index
    from {{ ref('int_register_arena_spells') }}

    union all

    select
        wave as register_wave,
        person_key,
        'employment' as kind,
        cast(null as {{ dbt.type_int() }}) as status_sort_order,
        false as measure_flag,
        {{ month_index('start_date') }} as start_month_index,
        coalesce({{ month_index('end_date') }}, {{ open_month_index() }}) as end_month_index,
        {{ last_covered_month_index('end_date') }} as last_month_index
    from {{ ref('stg_register_aa__employment_spells') }}
    where start_date is not null

    union all

    select
        wave as register_wave,
        person_key,
        benefit_code as kind,
        cast(null as {{ dbt.type_int() }}) as status_sort_order,
        false as measure_flag,
        {{ month_index('start_date') }} as start_month_index,
        coalesce({{ month_index('end_date') }}, {{ open_month_index() }}) as end_month_index,
        {{ last_covered_month_index('end_date') }} as last_month_index
    from {{ ref('stg_register_benefits__benefit_spells') }}
    where start_date is not null

),

{%- set holds_at_follow_up = "spells.start_month_index <= histories_exits.follow_up_month_index and spells.last_month_index >= histories_exits.follow_up_month_index" %}

around as (

    select
        histories_exits.register_wave,
        histories_exits.person_key,
        histories_exits.exit_month_index,
        max(case when spells.kind = 'UFOR' and {{ holds_at_follow_up }} then 1 else 0 end) as disability_pension,
        max(case when spells.kind = 'ALDR' and {{ holds_at_follow_up }} then 1 else 0 end) as old_age_pension,
        max(case when spells.kind = 'reduced_work_capacity' and {{ holds_at_follow_up }} then 1 else 0 end)
            as reduced_work_capacity,
        min(case when spells.kind = 'job_seeker' and {{ holds_at_follow_up }} then spells.status_sort_order end)
            as job_seeker_sort_order,
        max(case when spells.kind = 'employment' and {{ holds_at_follow_up }} then 1 else 0 end) as employed,
        max(case when spells.kind in ('AAP', 'DAGP', 'INDS', 'OVST') and {{ holds_at_follow_up }} then 1 else 0 end)
            as work_related_benefit,
        max(
            case
                when spells.measure_flag
                    and spells.start_month_index <= histories_exits.exit_month_index
                    and spells.end_month_index >= histories_exits.exit_month_index - 5
                    then 1
                else 0
            end
        ) as on_measure
    from histories_exits
    inner join spells
        on histories_exits.register_wave = spells.register_wave
        and histories_exits.person_key = spells.person_key
        and spells.start_month_index <= histories_exits.follow_up_month_index
        and spells.end_month_index >= histories_exits.exit_month_index - 5
    group by histories_exits.register_wave, histories_exits.person_key, histories_exits.exit_month_index

),

-- long-term job seekers: the histories_exits read as helt ledig, the 182 days up to the end of the exit
-- month, and the HL spells overlapping them
fully_unemployed_exits as (

    select
        register_wave,
        person_key,
        exit_month_index,
        exit_month_end_date,
        cast({{ dbt.dateadd('day', -181, 'exit_month_end_date') }} as date) as window_start_date
    from (
        select
            register_wave,
            person_key,
            exit_month_index,
            cast({{ dbt.dateadd('day', -1, month_start_from_index('exit_month_index + 1')) }} as date)
                as exit_month_end_date
        from histories_exits
        where arena_status_code = 'HL'
    ) as exit_ends

),

fully_unemployed_spells as (

    select
        histories_exits.register_wave,
        histories_exits.person_key,
        histories_exits.exit_month_index,
        histories_exits.exit_month_end_date,
        histories_exits.window_start_date,
        spells.start_date,
        coalesce(spells.end_date, cast('9999-12-31' as date)) as end_date
    from fully_unemployed_exits as histories_exits
    inner join {{ ref('int_register_arena_spells') }} as spells
        on histories_exits.register_wave = spells.register_wave
        and histories_exits.person_key = spells.person_key
        and spells.job_seeker_group = 'helt_ledig'
        and spells.start_date <= histories_exits.exit_month_end_date
        and (spells.end_date is null or spells.end_date >= histories_exits.window_start_date)

),

-- the HL spells cover every day of the window when one covers its first day, one its last day,
-- and every spell ending inside it is continued by another (starting at most a day later and
-- ending later): then the run of HL spells at the exit had lasted 26 weeks or more
long_term as (

    select register_wave, person_key, exit_month_index
    from fully_unemployed_spells
    group by register_wave, person_key, exit_month_index
    having max(case when start_date <= window_start_date then 1 else 0 end) = 1
        and max(case when end_date >= exit_month_end_date then 1 else 0 end) = 1

    except

    select ended.register_wave, ended.person_key, ended.exit_month_index
    from fully_unemployed_spells as ended
    where ended.end_date < ended.exit_month_end_date
        and not exists (
            select 1
            from fully_unemployed_spells as continued
            where continued.register_wave = ended.register_wave
                and continued.person_key = ended.person_key
                and continued.exit_month_index = ended.exit_month_index
                and continued.start_date <= {{ dbt.dateadd('day', 1, 'ended.end_date') }}
                and continued.end_date > ended.end_date
        )

),

left_population as (

    select
        wave as register_wave,
        person_key,
        min({{ month_index('event_date') }}) as left_population_month_index
    from {{ ref('stg_register_residence__events') }}
    where event_code in ('UTVANDRET', 'DOD')
    group by wave, person_key

),

flags as (

    select
        histories_exits.register_wave,
        histories_exits.person_key,
        histories_exits.exit_month_index,
        histories_exits.follow_up_month_index,
        histories_exits.follow_up_observed = 1 as follow_up_observed_flag,
        long_term.person_key is not null as long_term_job_seeker_flag,
        coalesce(around.on_measure, 0) = 1 as measure_last_6_months_flag,
        coalesce(around.disability_pension, 0) = 1 as disability_pension_flag,
        coalesce(around.old_age_pension, 0) = 1 as old_age_pension_flag,
        coalesce(around.reduced_work_capacity, 0) = 1 as reduced_work_capacity_flag,
        around.job_seeker_sort_order,
        coalesce(around.employed, 0) = 1 as employed_flag,
        coalesce(around.work_related_benefit, 0) = 1 as work_related_benefit_flag,
        coalesce(left_population.left_population_month_index <= histories_exits.follow_up_month_index, false)
            as left_population_flag
    from histories_exits
    left join around
        on histories_exits.register_wave = around.register_wave
        and histories_exits.person_key = around.person_key
        and histories_exits.exit_month_index = around.exit_month_index
    left join long_term
        on histories_exits.register_wave = long_term.register_wave
        and histories_exits.person_key = long_term.person_key
        and histories_exits.exit_month_index = long_term.exit_month_index
    left join left_population
        on histories_exits.register_wave = left_population.register_wave
        and histories_exits.person_key = left_population.person_key

),

classified as (

    select
        flags.*,
        case
            when not follow_up_observed_flag then null
            when disability_pension_flag then 'disability_pension'
            when old_age_pension_flag then 'old_age_pension'
            when reduced_work_capacity_flag then 'reduced_work_capacity'
            when job_seeker_sort_order is not null then 'job_seeker'
            when employed_flag and work_related_benefit_flag then 'employee_with_benefit'
            when employed_flag then 'employee_only'
            else 'other'
        end as six_month_status
    from flags

)

select
    classified.register_wave,
    classified.person_key,
    classified.exit_month_index,
    classified.long_term_job_seeker_flag,
    classified.measure_last_6_months_flag,
    classified.follow_up_month_index,
    classified.six_month_status,
    case
        when classified.six_month_status = 'job_seeker' then job_seeker_statuses.job_seeker_group
        when classified.six_month_status = 'other' and classified.left_population_flag
            then 'emigrated_or_dead'
    end as six_month_status_detail,
    classified.disability_pension_flag,
    classified.old_age_pension_flag,
    classified.reduced_work_capacity_flag,
    classified.job_seeker_sort_order is not null as job_seeker_flag,
    classified.employed_flag,
    classified.work_related_benefit_flag
from classified
left join {{ ref('arena_statuses') }} as job_seeker_statuses
    on classified.job_seeker_sort_order = job_seeker_statuses.sort_order
{%- endmacro %}
