-- The response rate of the follow-up survey is printed as 27.1% (answers / invited as Figur 28
-- counts them, report L6239): the warehouse's rate, rounded to one decimal as the report rounds,
-- must print the same (marts.followup_flow box response_rate through marts.part3_reproduction).
-- Passes without rows in a warehouse that has no follow-up raw tables yet.
{%- set has_raw = (not execute) or (load_relation(source('followup_frame', 'frame')) is not none) %}

with reproduction as (

    select figure_id, published_value, computed_value
    from {{ ref('part3_reproduction') }}
    where table_id = 'RR'

),

failures as (

    select figure_id, published_value, computed_value, round(computed_value, 1) as computed_printed,
        'printed differently' as failure
    from reproduction
    where computed_value is null
        or round(computed_value, 1) <> published_value

    union all

    select cast(null as {{ dbt.type_string() }}), cast(null as {{ type_double() }}),
        cast(null as {{ type_double() }}), cast(null as {{ type_double() }}),
        'no response rate in part3_reproduction'
    where (select count(*) from reproduction) <> 1

)

select * from failures
{%- if not has_raw %}
where 1 = 0  -- no follow-up raw tables in this warehouse yet
{%- endif %}
