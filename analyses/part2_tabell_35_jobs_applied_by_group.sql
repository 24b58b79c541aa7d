-- Tabell 35: how many jobs the users applied for in the last 6 months, analysis sample 3 by
-- status group and vulnerable group, each vulnerable group followed by its own "resten av
-- befolkningen" (for NAE the rest after both subgroups). n and % of the group (unweighted counts;
-- the report's percentages come from weighted counts, so a few differ by up to a point).
select
    jobs.group_type,
    jobs.label_nb as analysegruppe,
    max(case when jobs.jobs_applied_category = 'zero' then jobs.respondent_count end) as null_jobber_n,
    round(100 * max(case when jobs.jobs_applied_category = 'zero' then jobs.group_share end), 1) as null_jobber_pct,
    max(case when jobs.jobs_applied_category = 'count_recorded' then jobs.respondent_count end) as noter_antall_n,
    round(100 * max(case when jobs.jobs_applied_category = 'count_recorded' then jobs.group_share end), 1) as noter_antall_pct,
    max(case when jobs.jobs_applied_category = 'dont_know' then jobs.respondent_count end) as vet_ikke_n,
    round(100 * max(case when jobs.jobs_applied_category = 'dont_know' then jobs.group_share end), 1) as vet_ikke_pct,
    max(case when jobs.jobs_applied_category = 'not_applicable' then jobs.respondent_count end) as ikke_aktuelt_n,
    round(100 * max(case when jobs.jobs_applied_category = 'not_applicable' then jobs.group_share end), 1) as ikke_aktuelt_pct,
    max(jobs.group_count) as i_alt
from {{ ref('status_group_jobs_applied') }} as jobs
where jobs.wave = {{ var('part2_reference_wave') }}
  -- the NAE subgroups share nedsatt_arbeidsevne's rest, which the report prints once
  and not (jobs.group_type = 'complement' and jobs.group_code in ('nae_pa_tiltak', 'nae_ikke_pa_tiltak'))
group by jobs.group_type, jobs.group_code, jobs.label_nb, jobs.group_sort_order
order by
    case jobs.group_type when 'status_group' then 1 when 'all' then 2 else 3 end,
    case when jobs.group_type = 'complement' and jobs.group_code = 'nedsatt_arbeidsevne' then 211 else jobs.group_sort_order end
