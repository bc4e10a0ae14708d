-- Every raw survey response, parsed, with the hard rule it breaks (reject_reason) and its soft flags.
-- responded_at is required: a score without a date cannot be trended. The score must be a whole
-- number inside the range of its survey type, read from seed survey_types.
with

source as (
    {{ raw_rows_flagged(source('raw', 'surveys'), 'surveys') }}
),

customer_keys as (
    select distinct
        source_system,
        source_customer_id
    from {{ ref('base_raw__customers') }}
    where reject_reason is null
),

survey_types as (
    select * from {{ ref('survey_types') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('response_id') }} as response_id,
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,

        -- timestamps
        {{ clean_text('responded_at') }} as responded_at_text,

        -- answer
        {{ clean_code('survey_type') }} as survey_type,
        -- read as a number first: a cast to integer would silently round 7.5 to 8
        try_cast({{ clean_text('score') }} as double) as score_value,
        -- renamed: `comment` is an SQL keyword
        {{ clean_text('comment') }} as comment_text,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        renamed.*,
        {{ parse_timestamp('renamed.responded_at_text') }} as responded_at,
        case
            when renamed.score_value = floor(renamed.score_value) then try_cast(renamed.score_value as integer)
        end as score,
        survey_types.min_score,
        survey_types.max_score,
        customer_keys.source_customer_id is not null as has_customer
    from renamed
    left join survey_types
        on renamed.survey_type = survey_types.survey_type
    left join customer_keys
        on
            renamed.source_system = customer_keys.source_system
            and renamed.source_customer_id = customer_keys.source_customer_id
),

checked as (
    select
        *,
        -- a missing score, or a survey type with no range in the seed, is an invalid score too
        {{ reject_reason(
            [
                ['response_id is null', 'missing_key'],
                ['is_exact_duplicate', 'exact_duplicate'],
            ]
            + event_time_rules('responded_at_text', 'responded_at', required=true)
            + [
                ['not coalesce(score between min_score and max_score, false)', 'invalid_score'],
            ]
        ) }} as row_reject_reason,
        {{ soft_flags([
            ['source_customer_id is not null and not has_customer', 'unknown_customer'],
        ]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- no updated_at on responses: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, response_id
            order by _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    response_id,
    source_system,
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_customer_id,

    -- timestamps
    responded_at,
    cast(responded_at as date) as responded_date,

    -- answer
    survey_type,
    score,
    comment_text,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
