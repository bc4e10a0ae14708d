-- Every raw inquiry (询盘, lead), parsed, with the hard rule it breaks (reject_reason) and its soft
-- flags. received_at is optional: an undated lead is still a lead to follow up (an unparseable or
-- future date still quarantines the row, like every event timestamp). Contacts are normalised like
-- customers' (e-mail, E.164 phone) so leads can be matched to customers later.
with

source as (
    {{ raw_rows_flagged(source('raw', 'inquiries'), 'inquiries') }}
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
        {{ clean_text('inquiry_id') }} as inquiry_id,
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,

        -- timestamps
        {{ clean_text('received_at') }} as received_at_text,

        -- contact
        {{ clean_code('channel') }} as channel,
        {{ clean_text('contact_name') }} as contact_name,
        {{ clean_text('company_name') }} as company_name,
        {{ clean_text('email') }} as email_text,
        {{ clean_text('phone') }} as phone_text,
        {{ clean_code('website') }} as website_text,
        {{ clean_text('address') }} as address,

        -- request
        {{ clean_text('product_mentioned') }} as product_mentioned,
        {{ clean_text('message') }} as message,

        -- follow-up answers
        {{ clean_text('industry') }} as industry,
        try_cast({{ clean_text('years_in_business') }} as integer) as years_in_business,
        -- `end user`, `end-user` and `end_user` are one answer
        {{ regexp_replace_all(clean_code('customer_type'), '[ -]+', '_') }} as customer_type,
        {{ clean_text('annual_sales') }} as annual_sales,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        renamed.*,
        {{ parse_timestamp('renamed.received_at_text') }} as received_at,
        {{ normalize_email('renamed.email_text') }} as email,
        {{ normalize_phone('renamed.phone_text') }} as phone_e164,
        -- `https://www.shop.cn/` and `www.shop.cn` are one website
        nullif(trim(trailing '/' from {{ regexp_replace_all('renamed.website_text', '^[a-z][a-z0-9+.-]*://', '') }}), '') as website,
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
                ['inquiry_id is null', 'missing_key'],
                ['is_exact_duplicate', 'exact_duplicate'],
            ]
            + event_time_rules('received_at_text', 'received_at', required=false)
        ) }} as row_reject_reason,
        {{ soft_flags([
            ['source_customer_id is not null and not has_customer', 'unknown_customer'],
            ['email_text is not null and email is null', 'invalid_email'],
            ['phone_text is not null and phone_e164 is null', 'invalid_phone'],
        ]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- no updated_at on inquiries: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, inquiry_id
            order by _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    inquiry_id,
    source_system,
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_customer_id,

    -- timestamps
    received_at,
    cast(received_at as date) as received_date,

    -- contact
    channel,
    contact_name,
    company_name,
    email,
    phone_e164,
    website,
    address,

    -- request
    product_mentioned,
    message,

    -- follow-up answers
    industry,
    case when years_in_business >= 0 then years_in_business end as years_in_business,
    customer_type,
    annual_sales,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
