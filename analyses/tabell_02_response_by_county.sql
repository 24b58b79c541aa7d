-- Tabell 2: offices that answered, offices in the register, and the response rate by county
-- (integer percent as printed). Answers whose county cannot be told come last as 'unknown'.
select
    county_name as fylke,
    offices_answered as antall_kontor_som_svarte,
    offices_total as antall_kontor_totalt,
    round(100 * response_share, 0) as svarprosent
from {{ ref('office_response_by_county') }}
where wave = {{ var('part1_reference_wave') }}
  and (county_code <> 'unknown' or offices_answered > 0)
order by case when county_code = 'unknown' then 1 else 0 end, response_share desc, county_code
