-- Grain: one row per wave x rated item x size class x answer category ('1'..'6', and
-- 'dont_know' for the items that have a vet ikke code: Q15, Q16). What the app plots.

{%- set categories = ['1', '2', '3', '4', '5', '6', 'dont_know'] %}

with by_size as (

    select * from {{ ref('office_item_by_size') }}

),

items as (

    select * from {{ ref('dim_office_survey_item') }}

),

long as (

    {%- for category in categories %}
    select
        by_size.wave,
        by_size.item_code,
        by_size.size_class,
        by_size.size_class_sort_order,
        '{{ category }}' as answer_category,
        {{ loop.index }} as answer_category_sort_order,
        {%- if category == 'dont_know' %}
        by_size.n_dont_know as answer_count,
        cast(null as {{ type_double() }}) as share_of_valid,
        by_size.share_dont_know_of_answered as share_of_answered,
        {%- else %}
        by_size.count_{{ category }} as answer_count,
        by_size.share_{{ category }} as share_of_valid,
        by_size.share_{{ category }}_of_answered as share_of_answered,
        {%- endif %}
        by_size.n_valid,
        by_size.n_answered
    from by_size
    {%- if category == 'dont_know' %}
    inner join items
        on by_size.item_code = items.item_code
        and items.dont_know_code_flag
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

)

select
    long.wave,
    long.item_code,
    long.size_class,
    long.size_class_sort_order,
    long.answer_category,
    long.answer_category_sort_order,
    case
        when long.answer_category = '1' then items.anchor_low_nb
        when long.answer_category = '6' then items.anchor_high_nb
        when long.answer_category = 'dont_know' then 'Vet ikke'
    end as answer_label_nb,
    case
        when long.answer_category = '1' then items.anchor_low_en
        when long.answer_category = '6' then items.anchor_high_en
        when long.answer_category = 'dont_know' then 'Don''t know'
    end as answer_label_en,
    long.answer_count,
    long.share_of_valid,
    long.share_of_answered,
    long.n_valid,
    long.n_answered
from long
inner join items
    on long.item_code = items.item_code
