{{ config(tags=['analysis']) }}
-- The correlations of office size (Q10) with Q15, Q16, Q34, Q35 and their printed significance
-- (report fn 25, 28, 52) are reproduced: no row of part1_correlation_reproduction is out of
-- tolerance, and every published correlation figure has a row.

select figure_id, item_code, statistic, published_value, computed_value, 'out of tolerance' as failure
from {{ ref('part1_correlation_reproduction') }}
where not within_tolerance

union all

select figure_id, item_code, statistic, published_value, cast(null as {{ type_double() }}), 'missing' as failure
from {{ ref('part1_published_figures') }}
where statistic in ('pearson_r', 'p_value_upper_bound')
  and figure_id not in (select figure_id from {{ ref('part1_correlation_reproduction') }})
