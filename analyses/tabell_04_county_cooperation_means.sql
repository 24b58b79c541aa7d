-- Tabell 4: usefulness of the elements of cooperation with the county office (Q37), mean 1-6
-- and N of valid answers, highest mean first. The same query with another question number gives
-- the other mean tables (10: Q18, 12: Q19, 14: Q22, 16: Q23, 18: Q24, 19: Q33, 21: Q20, 23: Q21,
-- 24: Q28, 26: Q30, 27: Q27, 29a: Q26, 29b: Q31+Q32, 33: Q36).
select
    items.item_code,
    items.label_nb as bistandsform,
    round(by_size.mean_value, 2) as gjennomsnitt,
    by_size.n_valid as n
from {{ ref('office_item_by_size') }} as by_size
inner join {{ ref('dim_office_survey_item') }} as items
    on by_size.item_code = items.item_code
where by_size.wave = {{ var('part1_reference_wave') }}
  and by_size.size_class = 'all'
  and items.question_number = 37
order by by_size.mean_value desc
