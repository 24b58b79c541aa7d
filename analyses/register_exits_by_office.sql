-- Exits from NAV in 2013 by the office that followed the person up, with the status six months
-- later: per office (its county and size class from the office register), exits from each status
-- and the share in work (employee only or with benefit), on a measure, on disability pension or
-- back as job seeker or with reduced work capacity. Offices with fewer than 5 exits from a
-- status are left out (small cells). The report wished it could link exits to the office and
-- could not (AFI r2014:14 Part 3); in SQL on the serving copy:
--   select office_id, county_name, office_size_class, exit_status, count(*) as exits
--   from marts.fct_register_exit where exit_year = 2013 and in_statistics_population_flag
--   group by all order by exits desc;
-- Only the statistic's population (aged 20-66, living in Norway): the fact also holds the exits of
-- persons aged 16-19 and above 66 for the follow-up survey's frame.
with exits as (

    select
        exits.office_id,
        exits.county_code,
        exits.county_name,
        exits.office_size_class,
        exits.exit_status,
        exits.six_month_status
    from {{ ref('fct_register_exit') }} as exits
    where exits.exit_year = 2013
      and exits.in_statistics_population_flag
      and exits.six_month_status is not null

)

select
    exits.office_id,
    offices.office_name,
    exits.county_name,
    exits.office_size_class,
    exits.exit_status,
    count(*) as exits,
    avg(case when exits.six_month_status in ('employee_only', 'employee_with_benefit') then 1.0 else 0.0 end)
        as share_in_work,
    avg(case when exits.six_month_status in ('job_seeker', 'reduced_work_capacity') then 1.0 else 0.0 end)
        as share_back_at_nav,
    avg(case when exits.six_month_status = 'disability_pension' then 1.0 else 0.0 end)
        as share_disability_pension
from exits
left join {{ ref('dim_office') }} as offices
    on exits.office_id = offices.office_id
    and offices.wave = 2014
group by exits.office_id, offices.office_name, exits.county_name, exits.office_size_class, exits.exit_status
having count(*) >= {{ min_cell_count() }}
order by exits.office_id, exits.exit_status
