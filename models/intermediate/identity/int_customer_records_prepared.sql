-- One row per clean customer record with the keys identity resolution compares: a name key that
-- ignores script (traditional/simplified), case, accents, spaces and punctuation; an order-free name
-- key (swapped given/family names); birth date; e-mail and phone as staging normalised them; postal
-- code, city and street address keys, and the house / building / room numbers of the address, which
-- read the same in a Chinese and an English address; the romanised name (int_customer_names_romanised)
-- lets 张伟明 meet Zhang Weiming. record_index numbers the records by key for the clustering step
-- (stable for the same set of records).
with

records as (
    select * from {{ ref('stg_raw__customers') }}
),

romanised as (
    select * from {{ ref('int_customer_names_romanised') }}
),

keyed as (
    select
        -- ids
        records.customer_record_key,
        records.source_system,
        records.source_customer_id,

        -- name
        records.name_script,
        {{ identity_name_key('records.full_name_simplified') }} as name_key,
        {{ identity_sorted_name_key('records.full_name_simplified', 'records.name_script') }} as name_sorted_key,
        romanised.name_romanised,
        romanised.name_romanised_sorted,

        -- demographics
        records.birth_date,
        {{ format_date('records.birth_date', '%Y%m%d') }} as birth_date_key,
        nullif(records.gender, 'unknown') as gender,

        -- contact
        records.email,
        records.phone_e164,

        -- location
        nullif(upper({{ regexp_replace_all('records.postal_code', '[^0-9A-Za-z]', '') }}), '') as postal_code_key,
        {{ regexp_replace_all(identity_name_key(to_simplified('records.city')), '(市|city)$', '') }} as city_key,
        case
            when {{ regexp_contains('records.city', '\\p{Han}') }} then 'han'
            when records.city is not null then 'latin'
        end as city_script,
        -- neither converted to simplified Chinese nor stripped of accents (the two slowest steps at
        -- scale); a traditional-script address still meets its simplified twin on its numbers
        nullif({{ regexp_replace_all('lower(records.address_line)', '[^\\p{L}\\p{N}]', '') }}, '') as address_key,
        case
            when {{ regexp_contains('records.address_line', '\\p{Han}') }} then 'han'
            when records.address_line is not null then 'latin'
        end as address_script,
        {{ regexp_extract_all('records.address_line', '\\d+') }} as address_number_tokens
    from records
    left join romanised
        on records.full_name_simplified = romanised.full_name_simplified
)

select
    -- ids
    row_number() over (order by keyed.customer_record_key) as record_index,
    {{ star_except(['address_number_tokens'], 'keyed') }},

    -- location
    keyed.address_number_tokens,
    nullif({{ list_to_string('keyed.address_number_tokens', '-') }}, '') as address_numbers_key,

    -- how common the name is (term frequency): the share of named records carrying it beyond the few
    -- records one person may have (var identity_name_frequency_allowance), so a rare name repeated in one
    -- person's records does not look common
    case
        when keyed.name_key is not null
            then
                greatest(
                    count(*) over (partition by keyed.name_key) - {{ var('identity_name_frequency_allowance') }}, 0
                )
                / count(keyed.name_key) over ()
    end as name_frequency
from keyed
