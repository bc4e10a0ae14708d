-- Every raw interaction (touch point), parsed, with the hard rule it breaks (reject_reason) and its
-- soft flags. occurred_at is required: an interaction without a time cannot be placed in recency or
-- frequency windows. A customer key that no clean customer has is flagged (unknown_customer), not
-- quarantined: anonymous and not-yet-registered visitors are real touch points.
with

source as (
    {{ raw_rows_flagged(source('raw', 'interactions'), 'interactions') }}
),

customer_keys as (
    select distinct
        source_system,
        source_customer_id
    from {{ ref('base_raw__customers') }}
    where reject_reason is null
),

renamed as (
    select
        -- ids
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('interaction_id') }} as interaction_id,
        {{ clean_text('source_customer_id') }} as source_customer_id,

        -- timestamps
        {{ clean_text('occurred_at') }} as occurred_at_text,

        -- attributes
        {{ clean_code('interaction_type') }} as interaction_type,
        {{ clean_code('channel') }} as channel,
        {{ clean_code('category') }} as category,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        renamed.*,
        {{ parse_timestamp('renamed.occurred_at_text') }} as occurred_at,
        customer_keys.source_customer_id is not null as has_customer
    from renamed
    left join customer_keys
        on
            renamed.source_system = customer_keys.source_system
            and renamed.source_customer_id = customer_keys.source_customer_id
),

checked as (
    select
        *,
        {{ reject_reason(
            [
                ['source_system is null or interaction_id is null', 'missing_key'],
                ['is_exact_duplicate', 'exact_duplicate'],
            ]
            + event_time_rules('occurred_at_text', 'occurred_at', required=true)
        ) }} as row_reject_reason,
        {{ soft_flags([
            ['source_customer_id is not null and not has_customer', 'unknown_customer'],
        ]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- no updated_at on interactions: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, source_system, interaction_id
            order by _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    {{ record_key('source_system', 'interaction_id') }} as interaction_key,
    source_system,
    interaction_id,
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_customer_id,

    -- timestamps
    occurred_at,
    cast(occurred_at as date) as occurred_date,

    -- attributes
    interaction_type,
    channel,
    category,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
