-- One row per customer and blacklist entry the customer matches (staging.stg_raw__blacklist): any of the
-- customer's records with the entry's e-mail, the entry's phone, or the entry's name and birth date
-- (name compared like identity resolution does: simplified Chinese, case, spaces and punctuation
-- ignored). Customers are flagged from this in the marts, never dropped.
with

clustered as (
    select * from {{ ref('int_customer_records_clustered') }}
),

prepared as (
    select * from {{ ref('int_customer_records_prepared') }}
),

blacklist as (
    select * from {{ ref('stg_raw__blacklist') }}
),

records as (
    select
        clustered.customer_id,
        prepared.customer_record_key,
        prepared.email,
        prepared.phone_e164,
        prepared.name_key,
        prepared.birth_date
    from clustered
    inner join prepared
        on clustered.customer_record_key = prepared.customer_record_key
),

entries as (
    select
        blacklist_id,
        reason,
        listed_at,
        email,
        phone_e164,
        {{ identity_name_key('full_name_simplified') }} as name_key,
        birth_date
    from blacklist
),

matches as (
    select
        records.customer_id,
        records.customer_record_key,
        entries.blacklist_id,
        'email' as matched_on
    from records
    inner join entries
        on records.email = entries.email
    union all
    select
        records.customer_id,
        records.customer_record_key,
        entries.blacklist_id,
        'phone' as matched_on
    from records
    inner join entries
        on records.phone_e164 = entries.phone_e164
    union all
    select
        records.customer_id,
        records.customer_record_key,
        entries.blacklist_id,
        'name_birth_date' as matched_on
    from records
    inner join entries
        on
            records.name_key = entries.name_key
            and records.birth_date = entries.birth_date
)

select
    -- ids
    matches.customer_id,
    matches.blacklist_id,

    -- entry
    any_value(entries.reason) as reason,
    any_value(entries.listed_at) as listed_at,

    -- evidence
    {{ list_agg_sorted('matches.matched_on', distinct=true) }} as matched_on,
    {{ list_agg_sorted('matches.customer_record_key', distinct=true) }} as matched_record_keys
from matches
inner join entries
    on matches.blacklist_id = entries.blacklist_id
group by matches.customer_id, matches.blacklist_id
