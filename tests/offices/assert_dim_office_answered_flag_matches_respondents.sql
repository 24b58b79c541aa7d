-- An office is flagged as answered exactly when a survey respondent of the same wave named it.
select o.office_id, o.wave, o.answered_flag
from {{ ref('dim_office') }} as o
left join (
    select distinct office_id, wave
    from {{ ref('dim_office_respondent') }}
    where office_id is not null
) as r
    on o.office_id = r.office_id
    and o.wave = r.wave
where o.answered_flag <> (r.office_id is not null)
