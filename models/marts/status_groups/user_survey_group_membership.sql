-- One row per interviewed person x group they belong to (grain: wave x serial_number x
-- group_type x group_code): ('all', 'all') for everyone, ('status_group', <status group>), and
-- for each vulnerable group either ('vulnerable_group', <group>) or ('complement', <group>) or
-- neither (e.g. vet ikke on education, age under 16). group_code of a complement is the
-- vulnerable group it complements. The Python indicator step estimates every group as a domain
-- of the full design (all interviewed persons, dim_user_survey_respondent); samples are applied
-- there per item, so this table has no sample filter.

with respondents as (

    select * from {{ ref('dim_user_survey_respondent') }}

),

memberships as (

    select wave, serial_number, 'all' as group_type, 'all' as group_code
    from respondents

    union all

    select wave, serial_number, 'status_group' as group_type, status_group as group_code
    from respondents
    where status_group is not null

    {%- for group in user_survey_vulnerable_groups() %}

    union all

    select wave, serial_number, 'vulnerable_group' as group_type, '{{ group }}' as group_code
    from respondents
    where {{ group }}_flag

    union all

    select wave, serial_number, 'complement' as group_type, '{{ group }}' as group_code
    from respondents
    where {{ group }}_complement_flag
    {%- endfor %}

)

select
    wave,
    serial_number,
    cast(group_type as {{ dbt.type_string() }}) as group_type,
    cast(group_code as {{ dbt.type_string() }}) as group_code
from memberships
