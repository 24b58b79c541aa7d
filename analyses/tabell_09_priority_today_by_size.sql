-- Tabell 9: share of each office size group saying placement work has top priority today (Q16 = 6),
-- of those who answered; the printed "N" row is the number answering 6. Tabell 7 is the same for Q15.
select
    sizes.label_nb as kontorstorrelse,
    by_size.count_6 as antall_svart_6,
    by_size.n_answered,
    round(100 * by_size.share_6_of_answered, 1) as prosent_hoy_prioritet
from {{ ref('office_item_by_size') }} as by_size
inner join {{ ref('office_size_classes') }} as sizes
    on by_size.size_class = sizes.size_class
where by_size.wave = {{ var('part1_reference_wave') }}
  and by_size.item_code = 'q16'
order by sizes.sort_order
