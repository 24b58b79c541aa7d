-- Grain: one row per survey wave x characteristic x category x disposition: Tabell 37 and 38,
-- the drawn persons by register characteristic and disposition, counts and column percents.
-- Characteristics (fct_followup_frame, i.e. fct_register_exit at the drawn exit):
--   register_exit_status         job_seeker, reduced_work_capacity (after NAV's reclassification)
--   measure_last_6_months_flag   false (ikke deltatt i tiltak), true (deltatt)
--   gender_code                  M (menn), K (kvinner)
--   birth_region                 norway, eea, outside_eea
--   age_band                     under_20, 20_24, 25_29, 30_39, 40_49, 50_59, 60_plus
-- each with category 'total' (I alt) and, only where some person has it, 'unknown' (no register
-- exit found, or no birth country). Dispositions (columns): invited_responded (Svart på
-- undersøkelsen), invited_nonresponse (Invitert, men ikke svart), not_invited (Ikke invitert),
-- all_drawn (Tabell 37's I alt), all_invited (Tabell 38's I alt invitert = the first two).
-- Classified by the frame's invitert (docs/DESIGN.md: 2 164 / 5 827 / 448). column_percent is
-- exact (0-100): person_count / the disposition's total x 100. Every category of the lists above
-- appears in every disposition (zero cells included).

{%- set characteristics = {
    'register_exit_status': ['job_seeker', 'reduced_work_capacity'],
    'measure_last_6_months_flag': ['false', 'true'],
    'gender_code': ['M', 'K'],
    'birth_region': ['norway', 'eea', 'outside_eea'],
    'age_band': ['under_20', '20_24', '25_29', '30_39', '40_49', '50_59', '60_plus'],
} %}
{%- set dispositions = ['invited_responded', 'invited_nonresponse', 'not_invited', 'all_drawn', 'all_invited'] %}

with frame as (

    select * from {{ ref('fct_followup_frame') }}

),

-- every person once per characteristic, in each disposition column it counts in
long as (

    {%- for characteristic in characteristics %}
    select
        survey_wave,
        '{{ characteristic }}' as characteristic,
        coalesce(cast({{ characteristic }} as {{ dbt.type_string() }}), 'unknown') as category,
        sample_disposition
    from frame
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

columns_of_person as (

    select survey_wave, characteristic, category, sample_disposition as disposition from long
    union all
    select survey_wave, characteristic, category, 'all_drawn' from long
    union all
    select survey_wave, characteristic, category, 'all_invited' from long
    where sample_disposition in ('invited_responded', 'invited_nonresponse')

),

counted as (

    select survey_wave, characteristic, category, disposition, cast(count(*) as {{ dbt.type_bigint() }}) as person_count
    from columns_of_person
    group by survey_wave, characteristic, category, disposition

),

-- the cells to show: every listed category, plus unknown where it occurs, in every disposition
categories as (

    {%- for characteristic, categories in characteristics.items() %}
    {%- set outer = loop %}
    {%- for category in categories %}
    select '{{ characteristic }}' as characteristic, '{{ category }}' as category, {{ loop.index }} as category_order
    {% if not (outer.last and loop.last) %}union all{% endif %}
    {%- endfor %}
    {%- endfor %}

),

waves as (

    select distinct survey_wave from frame

),

dispositions as (

    {%- for disposition in dispositions %}
    select '{{ disposition }}' as disposition, {{ loop.index }} as disposition_order
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

cells as (

    select waves.survey_wave, categories.characteristic, categories.category, categories.category_order,
        dispositions.disposition, dispositions.disposition_order
    from waves
    cross join categories
    cross join dispositions

    union all

    select distinct counted.survey_wave, counted.characteristic, counted.category, 90 as category_order,
        counted.disposition, dispositions.disposition_order
    from counted
    inner join dispositions
        on counted.disposition = dispositions.disposition
    where counted.category = 'unknown'

),

category_cells as (

    select
        cells.survey_wave,
        cells.characteristic,
        cells.category,
        cells.category_order,
        cells.disposition,
        cells.disposition_order,
        coalesce(counted.person_count, 0) as person_count
    from cells
    left join counted
        on cells.survey_wave = counted.survey_wave
        and cells.characteristic = counted.characteristic
        and cells.category = counted.category
        and cells.disposition = counted.disposition

),

with_totals as (

    select * from category_cells

    union all

    select survey_wave, characteristic, 'total' as category, 99 as category_order, disposition,
        disposition_order, cast(sum(person_count) as {{ dbt.type_bigint() }}) as person_count
    from category_cells
    group by survey_wave, characteristic, disposition, disposition_order

)

select
    survey_wave,
    characteristic,
    category,
    category_order,
    disposition,
    disposition_order,
    person_count,
    cast(sum(case when category <> 'total' then person_count else 0 end) over (
        partition by survey_wave, characteristic, disposition
    ) as {{ dbt.type_bigint() }}) as column_total,
    100.0 * person_count / nullif(sum(case when category <> 'total' then person_count else 0 end) over (
        partition by survey_wave, characteristic, disposition
    ), 0) as column_percent
from with_totals
