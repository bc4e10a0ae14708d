-- Every raw customer row, parsed and cleaned, with the hard rule it breaks (reject_reason) and
-- its soft flags. stg_raw__customers keeps the rows without a reject_reason; audit.quarantine_customers
-- the others.
with

source as (
    {{ raw_rows_flagged(source('raw', 'customers'), 'customers') }}
),

renamed as (
    select
        -- ids
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('source_customer_id') }} as source_customer_id,

        -- names
        {{ clean_text('full_name') }} as full_name_given,
        {{ clean_text('given_name') }} as given_name,
        {{ clean_text('family_name') }} as family_name,

        -- demographics
        {{ clean_code('gender') }} as gender_code,
        {{ clean_text('birth_date') }} as birth_date_text,
        {{ clean_text('occupation') }} as occupation,
        {{ clean_text('income_band') }} as income_band,
        {{ parse_whole_number(clean_text('household_size')) }} as household_size,
        {{ clean_code('marital_status') }} as marital_status_code,

        -- contact
        {{ clean_text('email') }} as email_text,
        {{ clean_text('phone') }} as phone_text,
        {{ clean_text('country') }} as country,
        {{ clean_text('province') }} as province,
        {{ clean_text('city') }} as city,
        {{ clean_text('address_line') }} as address_line,
        {{ clean_text('postal_code') }} as postal_code,

        -- membership and acquisition
        {{ parse_boolean(clean_text('is_member')) }} as is_member,
        lower({{ to_simplified(clean_text('member_level')) }}) as member_level_label,
        {{ clean_code('acquisition_channel') }} as acquisition_channel,

        -- timestamps
        {{ parse_timestamp(clean_text('created_at')) }} as created_at,
        {{ parse_timestamp(clean_text('updated_at')) }} as updated_at,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        *,
        coalesce(
            full_name_given,
            case
                -- Chinese names are written family name first, without a space
                when {{ regexp_contains("coalesce(family_name, '') || coalesce(given_name, '')", '\\p{Han}') }}
                    then nullif(coalesce(family_name, '') || coalesce(given_name, ''), '')
                else nullif(trim(coalesce(given_name, '') || ' ' || coalesce(family_name, '')), '')
            end
        ) as full_name,
        {{ parse_date('birth_date_text') }} as birth_date_parsed,
        {{ normalize_email('email_text') }} as email,
        {{ normalize_phone('phone_text') }} as phone_e164
    from renamed
),

gender_map as (
    select * from {{ ref('gender_map') }}
),

marital_status_map as (
    select * from {{ ref('marital_status_map') }}
),

member_level_map as (
    select * from {{ ref('member_level_map') }}
),

checked as (
    select
        parsed.*,
        coalesce(gender_map.gender, 'unknown') as gender,
        coalesce(
            level_of_system.member_level,
            level_of_any.member_level,
            case when parsed.member_level_label is not null then 'unknown' end
        ) as member_level,
        coalesce(level_of_system.member_level_rank, level_of_any.member_level_rank) as member_level_rank,
        coalesce(marital_status_map.marital_status, case when parsed.marital_status_code is not null then 'unknown' end)
            as marital_status,
        case
            when year(parsed.birth_date_parsed) >= {{ var('min_birth_year') }}
                and parsed.birth_date_parsed <= cast({{ build_timestamp() }} as date)
                then parsed.birth_date_parsed
        end as birth_date,
        {{ reject_reason([
            ['parsed.source_system is null or parsed.source_customer_id is null', 'missing_key'],
            ['parsed.is_exact_duplicate', 'exact_duplicate'],
        ]) }} as row_reject_reason,
        {{ soft_flags([
            ['parsed.email_text is not null and parsed.email is null', 'invalid_email'],
            ['parsed.phone_text is not null and parsed.phone_e164 is null', 'invalid_phone'],
            ['parsed.birth_date_text is not null and parsed.birth_date_parsed is null', 'unparseable_birth_date'],
            ['parsed.birth_date_parsed is not null and (year(parsed.birth_date_parsed) < '
                ~ var('min_birth_year') ~ ' or parsed.birth_date_parsed > cast(' ~ build_timestamp() ~ ' as date))',
                'implausible_birth_date'],
        ]) }} as dq_flags
    from parsed
    left join gender_map
        on parsed.gender_code = gender_map.raw_gender
    left join marital_status_map
        on parsed.marital_status_code = marital_status_map.raw_marital_status
    left join member_level_map as level_of_system
        on
            parsed.member_level_label = level_of_system.raw_member_level
            and parsed.source_system = level_of_system.source_system
    left join member_level_map as level_of_any
        on
            parsed.member_level_label = level_of_any.raw_member_level
            and level_of_any.source_system = '*'
),

versioned as (
    select
        *,
        -- among rows that pass the row rules, the latest version of a key wins
        row_number() over (
            partition by row_reject_reason is null, source_system, source_customer_id
            order by updated_at desc nulls last, _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_system,
    source_customer_id,

    -- names
    full_name,
    given_name,
    family_name,
    {{ to_simplified('full_name') }} as full_name_simplified,
    case
        when {{ regexp_contains('full_name', '\\p{Han}') }} then 'han'
        when full_name is not null then 'latin'
    end as name_script,

    -- demographics
    gender,
    birth_date,
    occupation,
    income_band,
    case when household_size between 1 and {{ var('max_household_size') }} then household_size end as household_size,
    marital_status,

    -- contact
    email,
    phone_e164,
    country,
    province,
    city,
    address_line,
    postal_code,

    -- membership and acquisition
    is_member,
    member_level_label,
    member_level,
    member_level_rank,
    acquisition_channel,

    -- timestamps
    created_at,
    updated_at,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
