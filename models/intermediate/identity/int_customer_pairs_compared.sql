-- One row per candidate pair with one comparison level per identifying field (macro
-- identity_comparison_levels; seed identity_comparison_levels explains the levels). A field missing
-- on either side is level 0 and later weighs 0, so records without e-mail or phone are compared on
-- what they have.
with

pairs as (
    select * from {{ ref('int_customer_pairs_blocked') }}
),

records as (
    select * from {{ ref('int_customer_records_prepared') }}
)

select
    -- ids
    pairs.left_index,
    pairs.right_index,
    left_records.customer_record_key as left_record_key,
    right_records.customer_record_key as right_record_key,

    -- provenance
    pairs.blocking_passes,

    -- how common the more common of the two names is (term-frequency adjustment of a name match)
    greatest(left_records.name_frequency, right_records.name_frequency) as name_frequency,

    -- comparison levels
    {{ identity_comparison_levels('left_records', 'right_records') }}
from pairs
inner join records as left_records
    on pairs.left_index = left_records.record_index
inner join records as right_records
    on pairs.right_index = right_records.record_index
