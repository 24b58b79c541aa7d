-- The groups Part 2 reports on, one row per group_type x group_code: 'all' (everyone), the six
-- status groups (codes.user_survey_status_groups), each vulnerable group and its complement
-- ("Resten av befolkningen", codes.vulnerable_groups). The frame the group tables are zero-filled
-- on, with labels and report order.

with status_groups as (

    select * from {{ ref('user_survey_status_groups') }}

),

vulnerable_groups as (

    select * from {{ ref('vulnerable_groups') }}

),

groups as (

    select
        'all' as group_type,
        'all' as group_code,
        'I alt' as label_nb,
        'Total' as label_en,
        0 as sort_order

    union all

    select
        'status_group' as group_type,
        status_group as group_code,
        label_nb,
        label_en,
        100 + sort_order as sort_order
    from status_groups

    union all

    select
        'vulnerable_group' as group_type,
        vulnerable_group as group_code,
        label_nb,
        label_en,
        200 + 2 * sort_order as sort_order
    from vulnerable_groups

    union all

    select
        'complement' as group_type,
        vulnerable_group as group_code,
        {{ dbt.concat(["'Resten av befolkningen ('", 'label_nb', "')'"]) }} as label_nb,
        {{ dbt.concat(["'Rest of the sample ('", 'label_en', "')'"]) }} as label_en,
        201 + 2 * sort_order as sort_order
    from vulnerable_groups

)

select
    cast(group_type as {{ dbt.type_string() }}) as group_type,
    cast(group_code as {{ dbt.type_string() }}) as group_code,
    cast(label_nb as {{ dbt.type_string() }}) as label_nb,
    cast(label_en as {{ dbt.type_string() }}) as label_en,
    cast(sort_order as {{ dbt.type_int() }}) as sort_order
from groups
