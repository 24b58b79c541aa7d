-- Figur 6 of the report (Flytskjema for totalt uttrekk, brutto- og nettoutvalg, frafallsårsaker
-- og analyseutvalgene): one row per wave x flow node, the number of drawn persons at that node.
-- Nodes (parent in brackets): drawn; no_phone, phone_found (drawn); not_released, quota_full,
-- nonresponse, interview (phone_found); nonresponse_<category> (nonresponse) and
-- nonresponse_<code> (its category); incomplete, complete (interview); as1 (complete);
-- as2_<service>, as3 (as1). Dispositions come from codes.user_survey_dispositions.

with persons as (

    select * from {{ ref('int_user_survey_persons_classified') }}

),

dispositions as (

    select * from {{ ref('user_survey_dispositions') }}

),

nodes as (

    select wave, 'drawn' as flow_node, cast(null as {{ dbt.type_string() }}) as parent_node,
           cast(null as {{ dbt.type_int() }}) as disposition_code, 'Totalt uttrekk' as label_nb,
           'Total draw' as label_en, 10 as sort_order, count(*) as person_count
    from persons
    group by wave

    union all

    select wave, 'no_phone', 'drawn', cast(null as {{ dbt.type_int() }}), 'Ikke telefonnummer',
           'No phone number found', 20, sum(case when not phone_found_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'phone_found', 'drawn', cast(null as {{ dbt.type_int() }}), 'Telefonnummer funnet, informasjonsbrev sendt',
           'Phone number found, information letter sent', 30, sum(case when phone_found_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'not_released', 'phone_found', cast(null as {{ dbt.type_int() }}), 'Ikke sluppet til feltarbeid',
           'Not released to fieldwork', 40, sum(case when fieldwork_category = 'not_released' then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'quota_full', 'phone_found', cast(null as {{ dbt.type_int() }}), 'Ikke kontaktet, kvoten var full',
           'Not contacted, quota full', 50, sum(case when quota_not_contacted_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'nonresponse', 'phone_found', cast(null as {{ dbt.type_int() }}), 'Frafall',
           'Non-response', 60, sum(case when nonresponse_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select persons.wave, {{ dbt.concat(["'nonresponse_'", 'categories.fieldwork_category']) }}, 'nonresponse',
           cast(null as {{ dbt.type_int() }}),
           case categories.fieldwork_category when 'refusal' then 'Nektet' when 'unable' then 'Forhindret' else categories.fieldwork_category end,
           case categories.fieldwork_category when 'refusal' then 'Refused' when 'unable' then 'Unable' else categories.fieldwork_category end,
           categories.category_sort_order,
           sum(case when persons.fieldwork_category = categories.fieldwork_category then 1 else 0 end)
    from persons
    cross join (
        -- refusal (31-33) sorts at 70 before its codes 71-73, unable (41-43) at 80 before 81-83
        select fieldwork_category, 40 + min(disposition_code) - 1 as category_sort_order
        from dispositions
        where nonresponse_flag
        group by fieldwork_category
    ) as categories
    group by persons.wave, categories.fieldwork_category, categories.category_sort_order

    union all

    select persons.wave,
           {{ dbt.concat(["'nonresponse_'", 'cast(dispositions.disposition_code as ' ~ dbt.type_string() ~ ')']) }},
           {{ dbt.concat(["'nonresponse_'", 'dispositions.fieldwork_category']) }}, dispositions.disposition_code,
           dispositions.label_nb, dispositions.label_en, 40 + dispositions.disposition_code,
           sum(case when persons.disposition_code = dispositions.disposition_code then 1 else 0 end)
    from persons
    cross join dispositions
    where dispositions.nonresponse_flag
    group by persons.wave, dispositions.disposition_code, dispositions.fieldwork_category,
             dispositions.label_nb, dispositions.label_en

    union all

    select wave, 'interview', 'phone_found', cast(null as {{ dbt.type_int() }}), 'Intervjuet (nettoutvalg)',
           'Interviewed (net sample)', 200, sum(case when interview_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'incomplete', 'interview', cast(null as {{ dbt.type_int() }}), 'Intervju avbrutt',
           'Interview incomplete', 210, sum(case when interview_flag and not complete_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'complete', 'interview', cast(null as {{ dbt.type_int() }}), 'Intervju fullført',
           'Interview complete', 220, sum(case when complete_flag then 1 else 0 end)
    from persons
    group by wave

    union all

    select wave, 'as1', 'complete', cast(null as {{ dbt.type_int() }}), 'Analyseutvalg 1',
           'Analysis sample 1', 300, sum(case when as1_flag then 1 else 0 end)
    from persons
    group by wave

    {%- for service in user_survey_services() %}

    union all

    select wave, 'as2_{{ service.service_code }}', 'as1', cast(null as {{ dbt.type_int() }}),
           'Analyseutvalg 2 ({{ service.service_code }})', 'Analysis sample 2 ({{ service.service_code }})',
           {{ 310 + loop.index }}, sum(case when as2_{{ service.service_code }}_flag then 1 else 0 end)
    from persons
    group by wave
    {%- endfor %}

    union all

    select wave, 'as3', 'as1', cast(null as {{ dbt.type_int() }}), 'Analyseutvalg 3',
           'Analysis sample 3', 320, sum(case when as3_flag then 1 else 0 end)
    from persons
    group by wave

)

select
    cast(wave as {{ dbt.type_int() }}) as wave,
    cast(flow_node as {{ dbt.type_string() }}) as flow_node,
    cast(parent_node as {{ dbt.type_string() }}) as parent_node,
    cast(disposition_code as {{ dbt.type_int() }}) as disposition_code,
    cast(label_nb as {{ dbt.type_string() }}) as label_nb,
    cast(label_en as {{ dbt.type_string() }}) as label_en,
    cast(sort_order as {{ dbt.type_int() }}) as sort_order,
    cast(person_count as {{ dbt.type_bigint() }}) as person_count
from nodes
