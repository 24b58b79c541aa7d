-- Tabell 31: the manager's rating of staff competence in placement (Q34), percent of valid
-- answers 1-6 with the text's groups 1-2 weak, 3-4 medium, 5-6 good. Use q35 for Tabell 32.
select
    dist.answer_category as vurdering,
    dist.answer_label_nb as etikett,
    dist.answer_count,
    round(100 * dist.share_of_valid, 1) as prosent,
    dist.n_valid as n
from {{ ref('office_item_distribution') }} as dist
where dist.wave = {{ var('part1_reference_wave') }}
  and dist.item_code = 'q34'
  and dist.size_class = 'all'
order by dist.answer_category_sort_order
