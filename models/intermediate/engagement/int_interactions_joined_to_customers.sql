-- Clean touch points with the resolved customer (identity contract). Anonymous visits keep
-- customer_id = null.
with

interactions as (
    select * from {{ ref('stg_raw__interactions') }}
),

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

joined as (
    select
        -- ids
        interactions.interaction_key,
        customer_records.customer_id,
        interactions.customer_record_key,
        interactions.source_system,

        -- timestamps
        interactions.occurred_at,
        interactions.occurred_date,

        -- attributes
        interactions.interaction_type,
        interactions.channel,
        interactions.category
    from interactions
    left join customer_records
        on interactions.customer_record_key = customer_records.customer_record_key
)

select * from joined
