-- Every raw service ticket, parsed, with the hard rule it breaks (reject_reason) and its soft flags.
-- opened_at is the event time and is required (resolution times and ticket counts per period need
-- it). resolved_at is kept soft: a ticket whose resolution time is unreadable, in the future or
-- before opened_at still counts as a complaint, so the row stays with resolved_at = null and is
-- flagged invalid_resolved_at.
with

source as (
    {{ raw_rows_flagged(source('raw', 'tickets'), 'tickets') }}
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
        {{ clean_text('ticket_id') }} as ticket_id,
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,
        {{ clean_text('order_id') }} as order_id,

        -- timestamps
        {{ clean_text('opened_at') }} as opened_at_text,
        {{ clean_text('resolved_at') }} as resolved_at_text,

        -- attributes: `In Progress` and `in_progress` are one status
        {{ regexp_replace_all(clean_code('ticket_type'), '[ -]+', '_') }} as ticket_type,
        {{ regexp_replace_all(clean_code('category'), '[ -]+', '_') }} as category,
        {{ regexp_replace_all(clean_code('severity'), '[ -]+', '_') }} as severity,
        {{ regexp_replace_all(clean_code('status'), '[ -]+', '_') }} as status,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        renamed.*,
        {{ parse_timestamp('renamed.opened_at_text') }} as opened_at,
        {{ parse_timestamp('renamed.resolved_at_text') }} as resolved_at_parsed,
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
        coalesce(
            resolved_at_parsed > {{ build_timestamp() }} or resolved_at_parsed < opened_at,
            false
        ) as is_implausible_resolution,
        {{ reject_reason(
            [
                ['ticket_id is null', 'missing_key'],
                ['is_exact_duplicate', 'exact_duplicate'],
            ]
            + event_time_rules('opened_at_text', 'opened_at', required=true)
        ) }} as row_reject_reason
    from parsed
),

flagged as (
    select
        *,
        {{ soft_flags([
            ['source_customer_id is not null and not has_customer', 'unknown_customer'],
            ['(resolved_at_text is not null and resolved_at_parsed is null) or is_implausible_resolution',
                'invalid_resolved_at'],
        ]) }} as dq_flags
    from checked
),

versioned as (
    select
        *,
        -- no updated_at on tickets: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, ticket_id
            order by _source_file desc, _source_row desc
        ) as version_rank
    from flagged
)

select
    -- ids
    ticket_id,
    source_system,
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_customer_id,
    {{ record_key('source_system', 'order_id') }} as order_key,
    order_id,

    -- timestamps
    opened_at,
    case when not is_implausible_resolution then resolved_at_parsed end as resolved_at,

    -- attributes
    ticket_type,
    category,
    severity,
    status,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
