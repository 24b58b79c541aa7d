-- The vulnerable groups of macros/user_survey.sql (user_survey_vulnerable_groups(), which names
-- the <group>_flag and <group>_complement_flag columns) are exactly those of
-- codes.vulnerable_groups. Fails with the disagreeing group codes.

with macro_groups as (

    {%- for group in user_survey_vulnerable_groups() %}
    select cast('{{ group }}' as {{ dbt.type_string() }}) as vulnerable_group
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

seed_groups as (

    select vulnerable_group from {{ ref('vulnerable_groups') }}

)

select 'in macro, not in seed' as failure, vulnerable_group from macro_groups
where vulnerable_group not in (select vulnerable_group from seed_groups)

union all

select 'in seed, not in macro' as failure, vulnerable_group from seed_groups
where vulnerable_group not in (select vulnerable_group from macro_groups)
