-- One row per candidate pair of customer records (left_index < right_index): two records that share
-- a key in at least one blocking pass, with the passes that produced the pair. Blocks above the pass's
-- max_block_size are skipped, so the pair count grows with the records, not with their square.
with

keys as (
    select * from {{ ref('int_customer_blocking_keys') }}
    where not is_block_skipped
),

pairs_per_pass as (
    select
        left_keys.record_index as left_index,
        right_keys.record_index as right_index,
        left_keys.pass_name
    from keys as left_keys
    inner join keys as right_keys
        on
            left_keys.pass_name = right_keys.pass_name
            and left_keys.block_key = right_keys.block_key
            and left_keys.record_index < right_keys.record_index
)

select
    -- ids
    left_index,
    right_index,

    -- provenance
    {{ list_agg_sorted('pass_name') }} as blocking_passes
from pairs_per_pass
group by left_index, right_index
