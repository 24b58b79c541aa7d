-- Share of youth (16-24 at the end of the year before the wave) and of the rest (25+) who got
-- help from an adviser to find relevant vacancies (Q2C), analysis sample 1, weighted by the
-- delivered county weight: sum(weight x chosen) / sum(weight) over valid answers. Point estimates
-- only; for standard errors and 95% intervals (linearised, stratified by county, domain estimates
-- on the full design) read analysis.status_group_indicators, written by the Python indicator
-- step (`nav-placement analyze`):
--   select group_type, group_code, estimate, ci_low, ci_high, n_unweighted
--   from analysis.status_group_indicators
--   where variable = 'Q2C' and statistic = 'share' and category = '1'
--     and group_code = 'ungdom';
with answers as (

    select
        answers.serial_number,
        answers.wave,
        answers.answer_value,
        answers.county_weight
    from {{ ref('fct_user_survey_answer') }} as answers
    where answers.variable = 'Q2C'
      and answers.in_item_sample_flag
      and answers.valid_flag
      and answers.wave = {{ var('part2_reference_wave') }}

)

select
    case membership.group_type when 'vulnerable_group' then 'Ungdom (16-24)' else 'Resten (25+)' end as gruppe,
    count(*) as n_unweighted,
    sum(answers.county_weight) as weighted_n,
    round(100 * sum(answers.county_weight * answers.answer_value) / sum(answers.county_weight), 1) as andel_fatt_hjelp_fra_veileder_pct
from answers
inner join {{ ref('user_survey_group_membership') }} as membership
    on answers.wave = membership.wave
    and answers.serial_number = membership.serial_number
where membership.group_code = 'ungdom'
  and membership.group_type in ('vulnerable_group', 'complement')
group by membership.group_type
order by membership.group_type desc
