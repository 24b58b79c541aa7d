{{ config(materialized='view') }}

-- Grain: one row per Arena status spell per register wave (the rows of
-- stg_register_arena__status_spells with a person and a start date): the spells typed and
-- decoded (main status, job-seeker group, measure, priority from codes.arena_statuses) in one
-- place for the exit, flag and six-month models. A view: writing millions of spells to the
-- warehouse file costs more than reading the delivered text again (docs: the register
-- benchmark). A spell holds at the end of a month when it starts on or before that day and ends
-- on or after it (or is open); the models derive the month ends a spell covers from its dates.

select
    spells.wave as register_wave,
    spells.person_key,
    spells.arena_status_code,
    statuses.main_status,
    statuses.job_seeker_group,
    statuses.sort_order as status_sort_order,
    statuses.on_measure_flag or spells.measure_code is not null as measure_flag,
    spells.office_id,
    spells.start_date,
    spells.end_date,
    spells.loaded_delivery_id
from {{ ref('stg_register_arena__status_spells') }} as spells
inner join {{ ref('arena_statuses') }} as statuses
    on spells.arena_status_code = statuses.arena_status_code
where spells.person_key is not null
    and spells.start_date is not null
