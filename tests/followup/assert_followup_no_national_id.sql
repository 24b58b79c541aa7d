-- No national id (fødselsnummer: 11 digits, also written 6 + space + 5) in any text column of the
-- follow-up survey's staging, intermediate and mart tables: the frame's fnr is replaced by
-- person_key at ingest, and nothing downstream may bring a national id back (a serial, a code or
-- a date never has 11 digits in a row). person_key itself is exempt when it is a well-formed key
-- (32 lowercase hex digits hold an 11-digit run by chance in about 2% of keys). One row per column
-- and offending value count.
-- depends_on: {{ ref('stg_followup_frame__frame') }}
-- depends_on: {{ ref('stg_followup_answers__answers') }}
-- depends_on: {{ ref('int_followup_frame_register') }}
-- depends_on: {{ ref('int_followup_register_spells') }}
-- depends_on: {{ ref('int_followup_answers_derived') }}
-- depends_on: {{ ref('fct_followup_frame') }}
-- depends_on: {{ ref('fct_followup_respondent') }}
-- depends_on: {{ ref('followup_flow') }}
-- depends_on: {{ ref('followup_representativeness') }}
-- depends_on: {{ ref('followup_register_comparison') }}
{%- set models = ['stg_followup_frame__frame', 'stg_followup_answers__answers', 'int_followup_frame_register',
                  'int_followup_register_spells', 'int_followup_answers_derived', 'fct_followup_frame',
                  'fct_followup_respondent', 'followup_flow', 'followup_representativeness',
                  'followup_register_comparison'] %}
{%- set checks = [] %}
{%- if execute %}
    {%- for model in models %}
        {%- set relation = ref(model) %}
        {%- for column in adapter.get_columns_in_relation(relation) %}
            {%- if column.is_string() %}
                {%- do checks.append((model, relation, column.name)) %}
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
{%- endif %}

{%- if checks | length == 0 %}
select cast(null as {{ dbt.type_string() }}) as model_name, cast(null as {{ dbt.type_string() }}) as column_name,
    cast(null as {{ dbt.type_bigint() }}) as values_with_national_id
where 1 = 0
{%- else %}
{%- for model, relation, column in checks %}
select '{{ model }}' as model_name, '{{ column }}' as column_name, count(*) as values_with_national_id
from {{ relation }}
where {{ regex_matches('cast(' ~ adapter.quote(column) ~ ' as ' ~ dbt.type_string() ~ ')', '(^|[^0-9])[0-9]{6} ?[0-9]{5}([^0-9]|$)') }}
    {%- if column == 'person_key' %}
    and not {{ regex_matches(adapter.quote(column), '^[0-9a-f]{32}$') }}
    {%- endif %}
having count(*) > 0
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endif %}
