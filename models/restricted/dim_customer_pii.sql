-- One row per customer_id with the raw golden PII (name, e-mail, phone, street address, postal code,
-- birth date) and the source record each value came from. For the few roles allowed to see PII; BI
-- reads marts.dim_customers. On a dry run of identity resolution it keeps what it published last time.
{%- if identity_keep_published() %}

    select * from {{ this }}
{%- else %}

    with

    customers as (
        select * from {{ ref('int_customers_consolidated') }}
    ),

    blacklisted as (
        select * from {{ ref('int_customers_blacklisted') }}
    ),

    blacklist_flags as (
        select
            customer_id,
            {{ list_agg_sorted('reason', distinct=true) }} as blacklist_reasons,
            {{ list_agg_sorted('blacklist_id', distinct=true) }} as blacklist_ids,
            {{ list_flatten_agg('matched_on') }} as blacklist_matched_on
        from blacklisted
        group by customer_id
    )

    select
    -- ids
        customers.customer_id,

        -- name
        customers.full_name,
        customers.given_name,
        customers.family_name,
        customers.name_script,
        customers.name_source_record_key,

        -- birth date
        customers.birth_date,
        customers.birth_date_source_record_key,

        -- contact
        customers.email,
        customers.email_source_record_key,
        customers.phone_e164,
        customers.phone_source_record_key,

        -- address
        customers.address_line,
        customers.postal_code,
        customers.city,
        customers.province,
        customers.country,
        customers.address_source_record_key,

        -- blacklist
        blacklist_flags.customer_id is not null as is_blacklisted,
        coalesce(blacklist_flags.blacklist_reasons, {{ empty_text_list() }}) as blacklist_reasons,
        coalesce(blacklist_flags.blacklist_ids, {{ empty_text_list() }}) as blacklist_ids,
        coalesce({{ list_distinct('blacklist_flags.blacklist_matched_on') }}, {{ empty_text_list() }}) as blacklist_matched_on,

        -- sources
        customers.customer_record_keys
    from customers
    left join blacklist_flags
        on customers.customer_id = blacklist_flags.customer_id
    where {{ identity_dry_run_filter() }}
{%- endif %}
