-- Tabell 34: status groups and vulnerable groups by analysis sample, n and % of the sample
-- (unweighted counts, as printed). The report's analyseutvalg 2 is the measures service's sample
-- (as2_measures); the other as2_<service> samples are in the mart too. One row per group, the
-- three samples side by side, in the report's order.
select
    composition.group_type,
    composition.label_nb as analysegruppe,
    max(case when composition.analysis_sample = 'as1' then composition.respondent_count end) as utvalg_1_n,
    round(100 * max(case when composition.analysis_sample = 'as1' then composition.sample_share end), 1) as utvalg_1_pct,
    max(case when composition.analysis_sample = 'as2_measures' then composition.respondent_count end) as utvalg_2_n,
    round(100 * max(case when composition.analysis_sample = 'as2_measures' then composition.sample_share end), 1) as utvalg_2_pct,
    max(case when composition.analysis_sample = 'as3' then composition.respondent_count end) as utvalg_3_n,
    round(100 * max(case when composition.analysis_sample = 'as3' then composition.sample_share end), 1) as utvalg_3_pct
from {{ ref('status_group_composition') }} as composition
where composition.wave = {{ var('part2_reference_wave') }}
  and composition.group_type in ('all', 'status_group', 'vulnerable_group')
group by composition.group_type, composition.label_nb, composition.group_sort_order
order by
    case composition.group_type when 'status_group' then 1 when 'all' then 2 else 3 end,
    composition.group_sort_order
