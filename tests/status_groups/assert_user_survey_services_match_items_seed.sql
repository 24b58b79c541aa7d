-- The services of macros/user_survey.sql (user_survey_services(), which names the as2_<service>
-- sample columns) are exactly the services of codes.user_survey_items, with the right Q2 ("used")
-- and Q3 ("satisfaction") variable each. Fails with the disagreeing rows.

with macro_services as (

    {%- for service in user_survey_services() %}
    select
        cast('{{ service.service_code }}' as {{ dbt.type_string() }}) as service_code,
        cast('{{ service.used_variable }}' as {{ dbt.type_string() }}) as used_variable,
        cast('{{ service.satisfaction_variable }}' as {{ dbt.type_string() }}) as satisfaction_variable
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

seed_services as (

    select
        used.service_code,
        used.variable as used_variable,
        satisfaction.variable as satisfaction_variable
    from {{ ref('user_survey_items') }} as used
    left join {{ ref('user_survey_items') }} as satisfaction
        on used.service_code = satisfaction.service_code
        and satisfaction.indicator = 'satisfaction'
    where used.indicator = 'use'
      and used.service_code <> 'none'

)

select
    coalesce(macro_services.service_code, seed_services.service_code) as service_code,
    macro_services.used_variable as macro_used_variable,
    seed_services.used_variable as seed_used_variable,
    macro_services.satisfaction_variable as macro_satisfaction_variable,
    seed_services.satisfaction_variable as seed_satisfaction_variable
from macro_services
full outer join seed_services
    on macro_services.service_code = seed_services.service_code
where macro_services.service_code is null
   or seed_services.service_code is null
   or macro_services.used_variable <> seed_services.used_variable
   or coalesce(macro_services.satisfaction_variable, '') <> coalesce(seed_services.satisfaction_variable, '')
