-- One row per customer record and enabled blocking pass where the pass's key is not NULL: the key (as
-- a 64-bit hash) and the size of its block (records sharing the key). Passes and key expressions come
-- from seed identity_blocking_passes; a block larger than the pass's max_block_size is kept here (the
-- audit reports it) and skipped when pairs are formed.
{%- set passes = identity_blocking_passes() %}
with

records as (
    select * from {{ ref('int_customer_records_prepared') }}
),

passes as (
    select * from {{ ref('identity_blocking_passes') }}
),

keys as (
    {%- for pass in passes %}
    select
        record_index,
        '{{ pass.pass_name }}' as pass_name,
        -- a 64-bit hash groups and joins much faster than the key text; collisions are negligible
        {{ text_hash('cast(' ~ pass.key_expression ~ ' as string)') }} as block_key
    from records
    where ({{ pass.key_expression }}) is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as bigint) as record_index,
        cast(null as string) as pass_name,
        {{ text_hash('cast(null as string)') }} as block_key
    where false
    {%- endfor %}
),

block_sizes as (
    select
        pass_name,
        block_key,
        count(*) as block_size
    from keys
    group by pass_name, block_key
),

sized as (
    select
        keys.record_index,
        keys.pass_name,
        keys.block_key,
        block_sizes.block_size,
        passes.max_block_size
    from keys
    inner join block_sizes
        on keys.pass_name = block_sizes.pass_name
        and keys.block_key = block_sizes.block_key
    inner join passes
        on keys.pass_name = passes.pass_name
)

select
    -- ids
    record_index,
    pass_name,

    -- block
    block_key,
    block_size,
    block_size > max_block_size as is_block_skipped
from sized
