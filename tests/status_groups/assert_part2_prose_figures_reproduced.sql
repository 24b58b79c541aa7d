{{ config(tags=['analysis']) }}
-- Every weighted Part 2 figure of the report is reproduced by analysis.status_group_indicators
-- within its sampling-error band (part2_prose_reproduction), and none is missing.
select figure_id, indicator, statistic, group_type, group_code, published_value, computed_value, tolerance
from {{ ref('part2_prose_reproduction') }}
where not within_tolerance
