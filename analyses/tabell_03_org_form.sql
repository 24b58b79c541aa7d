-- Tabell 3: is the office organised in departments, teams or otherwise (Q8)? Percent of those
-- who answered, and N.
select
    label_nb as organiseringsmate,
    round(100 * share, 1) as prosent,
    respondent_count,
    n_answered as n
from {{ ref('office_org_form_distribution') }}
where wave = {{ var('part1_reference_wave') }}
order by share desc
