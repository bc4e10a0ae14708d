-- One row per blocking pass of seed identity_blocking_passes (enabled or not) for this run: how many
-- records have a key, how many blocks they form, the blocks skipped as larger than max_block_size, and
-- the candidate pairs the pass produced (also those no other pass produced) and how many of them
-- matched. The candidate-pair count per pass the issue asks the build to report.
with

passes as (
    select * from {{ ref('identity_blocking_passes') }}
),

keys as (
    select * from {{ ref('int_customer_blocking_keys') }}
),

scored as (
    select * from {{ ref('int_customer_pairs_scored') }}
),

blocks as (
    select
        pass_name,
        count(*) as records_with_key,
        count(distinct block_key) as blocks,
        max(block_size) as largest_block,
        count(distinct case when is_block_skipped then block_key end) as skipped_blocks,
        count(*) filter (where is_block_skipped) as records_in_skipped_blocks
    from keys
    group by pass_name
),

-- one row per candidate pair and pass that produced it
pair_passes as (
    select
        {{ unnest_list('scored.blocking_passes') }} as pass_name,
        {{ list_length('scored.blocking_passes') }} = 1 as is_only_pass,
        scored.is_match
    from scored
),

pairs as (
    select
        pass_name,
        count(*) as candidate_pairs,
        count(*) filter (where is_only_pass) as pairs_only_this_pass,
        count(*) filter (where is_match) as matched_pairs,
        count(*) filter (where is_match and is_only_pass) as matched_pairs_only_this_pass
    from pair_passes
    group by pass_name
)

select
    -- pass
    passes.pass_name,
    passes.enabled,
    passes.key_expression,
    passes.max_block_size,

    -- blocks
    coalesce(blocks.records_with_key, 0) as records_with_key,
    coalesce(blocks.blocks, 0) as blocks,
    blocks.largest_block,
    coalesce(blocks.skipped_blocks, 0) as skipped_blocks,
    coalesce(blocks.records_in_skipped_blocks, 0) as records_in_skipped_blocks,

    -- pairs
    coalesce(pairs.candidate_pairs, 0) as candidate_pairs,
    coalesce(pairs.pairs_only_this_pass, 0) as pairs_only_this_pass,
    coalesce(pairs.matched_pairs, 0) as matched_pairs,
    coalesce(pairs.matched_pairs_only_this_pass, 0) as matched_pairs_only_this_pass,

    -- run
    {{ build_timestamp() }} as run_at
from passes
left join blocks
    on passes.pass_name = blocks.pass_name
left join pairs
    on passes.pass_name = pairs.pass_name
