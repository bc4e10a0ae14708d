-- Every dated sign of where a customer stands in the funnel (潜在 / 意向 / 成交 / 售后), from all
-- sources, mapped to customer_id: records and plain touches make a customer known, inquiries, intent
-- interactions (seed lifecycle_interaction_types) and cancelled orders show intent, completed orders
-- are purchases, returned orders and tickets are service. Rows naming no clean customer are dropped.
-- A customer's rows depend on that customer's records, touches and orders only, and a delta build of
-- orders changes nothing but orders (the identity map and the other entities stay as they were). So
-- it recomputes only the customers whose orders it changed (incremental strategy
-- replace_recomputed_rows): every event of theirs, from every source.
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='customers',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
with

-- the records of every customer (in a delta build, of the recomputed customers only): the events of
-- the other sources reach a customer through them
customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
    {{ delta_rows_only() }}
),

customers as (
    select * from {{ ref('stg_raw__customers') }}
),

interactions as (
    select * from {{ ref('stg_raw__interactions') }}
),

interaction_types as (
    select * from {{ ref('lifecycle_interaction_types') }}
),

inquiries as (
    select * from {{ ref('stg_raw__inquiries') }}
),

tickets as (
    select * from {{ ref('stg_raw__tickets') }}
),

orders as (
    select * from {{ ref('int_orders_joined_to_customers') }}
    {{ delta_rows_only() }}
),

record_events as (
    select
        customer_record_key,
        cast(created_at as date) as event_date,
        'customer_record' as event_source,
        'created' as event_type,
        'known' as funnel_signal
    from customers
    where created_at is not null
),

interaction_events as (
    select
        interactions.customer_record_key,
        interactions.occurred_date as event_date,
        'interaction' as event_source,
        interactions.interaction_type as event_type,
        -- a touch of a type the seed does not list makes the customer known, not interested
        coalesce(interaction_types.funnel_signal, 'known') as funnel_signal
    from interactions
    left join interaction_types
        on interactions.interaction_type = interaction_types.interaction_type
    where interactions.customer_record_key is not null
),

inquiry_events as (
    select
        customer_record_key,
        received_date as event_date,
        'inquiry' as event_source,
        coalesce(channel, 'inquiry') as event_type,
        'intent' as funnel_signal
    from inquiries
    where
        customer_record_key is not null
        and received_date is not null
),

ticket_events as (
    select
        customer_record_key,
        cast(opened_at as date) as event_date,
        'ticket' as event_source,
        coalesce(ticket_type, 'ticket') as event_type,
        'service' as funnel_signal
    from tickets
    where customer_record_key is not null
),

record_keyed_events as (
    select * from record_events
    union all
    select * from interaction_events
    union all
    select * from inquiry_events
    union all
    select * from ticket_events
),

customer_events as (
    select
        customer_records.customer_id,
        record_keyed_events.event_date,
        record_keyed_events.event_source,
        record_keyed_events.event_type,
        record_keyed_events.funnel_signal
    from record_keyed_events
    inner join customer_records
        on record_keyed_events.customer_record_key = customer_records.customer_record_key
),

order_events as (
    select
        customer_id,
        order_date as event_date,
        'order' as event_source,
        status as event_type,
        case status
            when 'completed' then 'purchase'
            when 'returned' then 'return'
            -- a cancelled order still shows the customer meant to buy
            when 'cancelled' then 'intent'
        end as funnel_signal
    from orders
)

select * from customer_events
union all
select * from order_events
