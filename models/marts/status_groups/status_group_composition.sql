-- Tabell 34 (Statusgrupper og utsatte grupper fordelt etter analyseutvalg): one row per wave x
-- analysis sample x group (grain: wave x analysis_sample x group_type x group_code) for every
-- sample (as1, as2_<service>, as3; the report's "analyseutvalg 2" is as2_measures) and every
-- group of int_user_survey_groups (all, status groups, vulnerable groups and complements),
-- zero-filled. respondent_count is the unweighted number of respondents, sample_share its share
-- of the sample (0..1), as the report's counts and percentages.

{%- set samples = user_survey_analysis_samples() %}

with respondents as (

    select * from {{ ref('dim_user_survey_respondent') }}

),

membership as (

    select * from {{ ref('user_survey_group_membership') }}

),

groups as (

    select * from {{ ref('int_user_survey_groups') }}

),

waves as (

    select distinct wave from respondents

),

samples as (

    {%- for sample in samples %}
    select cast('{{ sample }}' as {{ dbt.type_string() }}) as analysis_sample, {{ loop.index }} as sample_sort_order
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

in_sample as (

    {%- for sample in samples %}
    select wave, serial_number, cast('{{ sample }}' as {{ dbt.type_string() }}) as analysis_sample
    from respondents
    where {{ sample }}_flag
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

counted as (

    select
        in_sample.wave,
        in_sample.analysis_sample,
        membership.group_type,
        membership.group_code,
        count(*) as respondent_count
    from in_sample
    inner join membership
        on in_sample.wave = membership.wave
        and in_sample.serial_number = membership.serial_number
    group by in_sample.wave, in_sample.analysis_sample, membership.group_type, membership.group_code

),

sample_sizes as (

    select wave, analysis_sample, count(*) as sample_count
    from in_sample
    group by wave, analysis_sample

),

framed as (

    select
        waves.wave,
        samples.analysis_sample,
        samples.sample_sort_order,
        groups.group_type,
        groups.group_code,
        groups.label_nb,
        groups.label_en,
        groups.sort_order,
        coalesce(counted.respondent_count, 0) as respondent_count,
        coalesce(sample_sizes.sample_count, 0) as sample_count
    from waves
    cross join samples
    cross join groups
    left join counted
        on waves.wave = counted.wave
        and samples.analysis_sample = counted.analysis_sample
        and groups.group_type = counted.group_type
        and groups.group_code = counted.group_code
    left join sample_sizes
        on waves.wave = sample_sizes.wave
        and samples.analysis_sample = sample_sizes.analysis_sample

)

select
    wave,
    analysis_sample,
    group_type,
    group_code,
    label_nb,
    label_en,
    cast(respondent_count as {{ dbt.type_bigint() }}) as respondent_count,
    cast(sample_count as {{ dbt.type_bigint() }}) as sample_count,
    {{ safe_share('respondent_count', 'sample_count') }} as sample_share,
    cast(sample_sort_order as {{ dbt.type_int() }}) as sample_sort_order,
    sort_order as group_sort_order
from framed
