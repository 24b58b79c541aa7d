-- Tabell 6: priority of placement and recruitment work since the office was established (Q15),
-- percent of those who answered 1-6 or vet ikke, with the grouped sums 1+2, 3+4, 5+6.
-- Multi-number answers (fn 21) are excluded; their count is shown for the footnote.
-- Use item_code 'q16' and share_of_valid for Tabell 8 (no vet ikke row there).
select
    dist.answer_category as prioritet,
    dist.answer_label_nb as etikett,
    dist.answer_count,
    round(100 * dist.share_of_answered, 1) as prosent,
    round(100 * case
        when dist.answer_category = '2' then by_size.share_1_2_of_answered
        when dist.answer_category = '4' then by_size.share_3_4_of_answered
        when dist.answer_category = '6' then by_size.share_5_6_of_answered
    end, 1) as grupperte_summer,
    by_size.n_answered as n,
    by_size.n_several_numbers as utelatt_flere_tall
from {{ ref('office_item_distribution') }} as dist
inner join {{ ref('office_item_by_size') }} as by_size
    on dist.wave = by_size.wave
    and dist.item_code = by_size.item_code
    and dist.size_class = by_size.size_class
where dist.wave = {{ var('part1_reference_wave') }}
  and dist.item_code = 'q15'
  and dist.size_class = 'all'
order by dist.answer_category_sort_order
