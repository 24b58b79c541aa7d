{{ config(tags=['analysis']) }}
-- Every weighted Part 3 figure of the report is reproduced by analysis.followup_outcomes within
-- its sampling-error band (part3_prose_reproduction), and none is missing (a figure without an
-- estimate has a null computed_value and is not within tolerance).
select figure_id, outcome, statistic, outcome_category, exit_group, breakdown, breakdown_category,
       published_value, computed_value, tolerance
from {{ ref('part3_prose_reproduction') }}
where not coalesce(within_tolerance, false)
