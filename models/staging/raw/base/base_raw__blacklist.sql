-- Every raw blacklist entry, parsed, with the hard rule it breaks (reject_reason) and its soft flags.
-- Contacts are normalised exactly like customers' (e-mail, E.164 phone, simplified-Chinese name,
-- plausible birth date) so entries match customers. Only key rules quarantine an entry: a blocked
-- contact with a bad field must still be able to match on the others.
with

source as (
    {{ raw_rows_flagged(source('raw', 'blacklist'), 'blacklist') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('blacklist_id') }} as blacklist_id,

        -- contact
        {{ clean_text('full_name') }} as full_name,
        {{ clean_text('birth_date') }} as birth_date_text,
        {{ clean_text('email') }} as email_text,
        {{ clean_text('phone') }} as phone_text,

        -- listing
        {{ clean_text('reason') }} as reason,
        {{ clean_text('listed_at') }} as listed_at_text,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        *,
        {{ parse_date('birth_date_text') }} as birth_date_parsed,
        {{ normalize_email('email_text') }} as email,
        {{ normalize_phone('phone_text') }} as phone_e164,
        {{ parse_date('listed_at_text') }} as listed_at
    from renamed
),

dated as (
    select
        *,
        -- the plausibility window of customers' birth dates, so both sides match alike
        coalesce(
            year(birth_date_parsed) >= {{ var('min_birth_year') }}
            and birth_date_parsed <= cast({{ build_timestamp() }} as date),
            false
        ) as is_plausible_birth_date
    from parsed
),

checked as (
    select
        *,
        case when is_plausible_birth_date then birth_date_parsed end as birth_date,
        {{ reject_reason([
            ['blacklist_id is null', 'missing_key'],
            ['is_exact_duplicate', 'exact_duplicate'],
        ]) }} as row_reject_reason,
        {{ soft_flags([
            ['email_text is not null and email is null', 'invalid_email'],
            ['phone_text is not null and phone_e164 is null', 'invalid_phone'],
            ['birth_date_text is not null and birth_date_parsed is null', 'unparseable_birth_date'],
            ['birth_date_parsed is not null and not is_plausible_birth_date', 'implausible_birth_date'],
        ]) }} as dq_flags
    from dated
),

versioned as (
    select
        *,
        -- among rows that pass the row rules, the latest listing of an entry wins
        row_number() over (
            partition by row_reject_reason is null, blacklist_id
            order by listed_at desc nulls last, _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    blacklist_id,

    -- contact
    full_name,
    {{ to_simplified('full_name') }} as full_name_simplified,
    birth_date,
    email,
    phone_e164,

    -- listing
    reason,
    listed_at,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
