-- Tabell 5 (and every size table: 7, 9, 11, 13, 15, 20, 22, 25, 28, 30): percent of each office
-- size group answering 6 ("svært nyttig") on Q37, small / medium / large side by side.
-- The report shows only the items with the largest small/large difference; this shows all.
select
    items.item_code,
    items.label_nb,
    round(100 * max(case when by_size.size_class = 'small' then by_size.share_6_of_answered end), 1) as sma_pct,
    round(100 * max(case when by_size.size_class = 'medium' then by_size.share_6_of_answered end), 1) as mellomstore_pct,
    round(100 * max(case when by_size.size_class = 'large' then by_size.share_6_of_answered end), 1) as store_pct,
    round(100 * (max(case when by_size.size_class = 'small' then by_size.share_6_of_answered end)
               - max(case when by_size.size_class = 'large' then by_size.share_6_of_answered end)), 1) as small_minus_large_pp
from {{ ref('office_item_by_size') }} as by_size
inner join {{ ref('dim_office_survey_item') }} as items
    on by_size.item_code = items.item_code
where by_size.wave = {{ var('part1_reference_wave') }}
  and items.question_number = 37
group by items.item_code, items.label_nb
order by abs(small_minus_large_pp) desc
