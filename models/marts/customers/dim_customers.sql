-- One row per real customer (customer_id, persistent across runs) with the golden attributes BI may see:
-- e-mail and phone only masked and hashed, the name only as a masked display name, no street address,
-- the postal code only as its first three characters. Raw values are in restricted.dim_customer_pii.
-- Customers matching the blacklist are flagged with the reasons, never dropped. On a dry run of
-- identity resolution (var identity_dry_run) the table keeps what it published last time.
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
            {{ list_agg_sorted('blacklist_id', distinct=true) }} as blacklist_ids
        from blacklisted
        group by customer_id
    )

    select
    -- ids
        customers.customer_id,

        -- name
        {{ mask_name('customers.full_name', 'customers.name_script') }} as display_name,
        customers.name_script,

        -- demographics
        customers.gender,
        customers.birth_date,
        -- bigint on every engine (Spark's year() is an int, DuckDB's a bigint; the contract says bigint)
        cast(year(customers.birth_date) as bigint) as birth_year,
        customers.occupation,
        customers.income_band,
        customers.household_size,
        customers.marital_status,

        -- contact, masked
        {{ mask_email('customers.email') }} as email_masked,
        {{ hash_pii('customers.email') }} as email_sha256,
        {{ mask_phone('customers.phone_e164') }} as phone_masked,
        {{ hash_pii('customers.phone_e164') }} as phone_sha256,

        -- location
        customers.country,
        customers.province,
        customers.city,
        left(customers.postal_code, 3) as postal_code_prefix,

        -- membership and acquisition
        coalesce(customers.is_member, false) as is_member,
        customers.member_level,
        customers.acquisition_channel,

        -- sources
        customers.source_count,
        customers.record_count,
        customers.source_systems,

        -- blacklist
        blacklist_flags.customer_id is not null as is_blacklisted,
        coalesce(blacklist_flags.blacklist_reasons, {{ empty_text_list() }}) as blacklist_reasons,

        -- lineage of each golden attribute
        customers.name_source_record_key,
        customers.gender_source_record_key,
        customers.birth_date_source_record_key,
        customers.email_source_record_key,
        customers.phone_source_record_key,
        customers.address_source_record_key,
        customers.occupation_source_record_key,
        customers.income_band_source_record_key,
        customers.household_size_source_record_key,
        customers.marital_status_source_record_key,
        customers.membership_source_record_key,
        customers.acquisition_channel_source_record_key,

        -- timestamps
        customers.first_seen_at,
        customers.last_updated_at
    from customers
    left join blacklist_flags
        on customers.customer_id = blacklist_flags.customer_id
    where {{ identity_dry_run_filter() }}
{%- endif %}
