-- Grain: one row per wave x size class (small, medium, large). The survey sample's size
-- distribution (Q10 classes among respondents with a known size) against the population's
-- (register offices by state + municipal årsverk) (Tabell 1). Offices or answers of unknown size
-- are left out of both denominators, so each side's shares sum to one.

with size_classes as (

    select size_class, sort_order as size_class_sort_order
    from {{ ref('office_size_classes') }}

),

sample as (

    select wave, size_class, count(*) as sample_count
    from {{ ref('int_office_survey_respondents_matched') }}
    where size_class <> 'unknown'
    group by wave, size_class

),

sample_totals as (

    select wave, cast(sum(sample_count) as {{ dbt.type_bigint() }}) as sample_total
    from sample
    group by wave

),

population as (

    select wave, size_class, count(*) as population_count
    from {{ ref('dim_office') }}
    where size_class <> 'unknown'
    group by wave, size_class

),

population_totals as (

    select wave, cast(sum(population_count) as {{ dbt.type_bigint() }}) as population_total
    from population
    group by wave

),

waves as (

    select wave from sample_totals
    union
    select wave from population_totals

),

combined as (

    select
        waves.wave,
        size_classes.size_class,
        size_classes.size_class_sort_order,
        coalesce(sample.sample_count, 0) as sample_count,
        coalesce(sample_totals.sample_total, 0) as sample_total,
        {{ safe_share('coalesce(sample.sample_count, 0)', 'sample_totals.sample_total') }} as sample_share,
        coalesce(population.population_count, 0) as population_count,
        coalesce(population_totals.population_total, 0) as population_total,
        {{ safe_share('coalesce(population.population_count, 0)', 'population_totals.population_total') }} as population_share
    from waves
    cross join size_classes
    left join sample
        on waves.wave = sample.wave
        and size_classes.size_class = sample.size_class
    left join sample_totals
        on waves.wave = sample_totals.wave
    left join population
        on waves.wave = population.wave
        and size_classes.size_class = population.size_class
    left join population_totals
        on waves.wave = population_totals.wave

)

select
    wave,
    size_class,
    size_class_sort_order,
    sample_count,
    sample_total,
    sample_share,
    population_count,
    population_total,
    population_share,
    (sample_share - population_share) * 100 as sample_minus_population_pp
from combined
