-- Tabell 1: share of small, medium and large offices in the sample (Q10) and in the population
-- (the office register, state + municipal årsverk), in percent, with the difference in
-- percentage points (negative = under-represented in the sample).
select
    sizes.label_nb as kontorstorrelse,
    round(100 * s.sample_share, 1) as vart_utvalg_pct,
    round(100 * s.population_share, 1) as populasjon_pct,
    round(s.sample_minus_population_pp, 1) as differanse_pp,
    s.sample_count,
    s.population_count
from {{ ref('office_sample_vs_population') }} as s
inner join {{ ref('office_size_classes') }} as sizes
    on s.size_class = sizes.size_class
where s.wave = {{ var('part1_reference_wave') }}
order by s.size_class_sort_order
