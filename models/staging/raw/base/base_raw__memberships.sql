-- Every raw membership (会员) record, parsed, with the hard rule it breaks (reject_reason) and its
-- soft flags. joined_at is the event date: optional (old store records often lack it), but an
-- unreadable or future join date quarantines the row like any event timestamp. expires_at lies in
-- the future for active members, so it has no time rule.
with

source as (
    {{ raw_rows_flagged(source('raw', 'memberships'), 'memberships') }}
),

customer_keys as (
    select distinct
        source_system,
        source_customer_id
    from {{ ref('base_raw__customers') }}
    where reject_reason is null
),

member_level_map as (
    select * from {{ ref('member_level_map') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('membership_id') }} as membership_id,
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,

        -- membership
        lower({{ to_simplified(clean_text('member_level')) }}) as member_level_label,
        {{ parse_whole_number(clean_text('points')) }} as points,

        -- dates
        {{ clean_text('joined_at') }} as joined_at_text,
        {{ clean_text('expires_at') }} as expires_at_text,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        renamed.*,
        {{ parse_date('renamed.joined_at_text') }} as joined_at,
        {{ parse_date('renamed.expires_at_text') }} as expires_at,
        coalesce(
            level_of_system.member_level,
            level_of_any.member_level,
            case when renamed.member_level_label is not null then 'unknown' end
        ) as member_level,
        coalesce(level_of_system.member_level_rank, level_of_any.member_level_rank) as member_level_rank,
        customer_keys.source_customer_id is not null as has_customer
    from renamed
    left join member_level_map as level_of_system
        on
            renamed.member_level_label = level_of_system.raw_member_level
            and renamed.source_system = level_of_system.source_system
    left join member_level_map as level_of_any
        on
            renamed.member_level_label = level_of_any.raw_member_level
            and level_of_any.source_system = '*'
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
                ['membership_id is null', 'missing_key'],
                ['is_exact_duplicate', 'exact_duplicate'],
            ]
            + event_time_rules('joined_at_text', 'joined_at', required=false)
        ) }} as row_reject_reason,
        {{ soft_flags([
            ['source_customer_id is not null and not has_customer', 'unknown_customer'],
        ]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- no updated_at on memberships: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, membership_id
            order by _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    membership_id,
    source_system,
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_customer_id,

    -- membership
    member_level_label,
    member_level,
    member_level_rank,
    points,

    -- dates
    joined_at,
    expires_at,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
