-- One row per customer and purchase day: a day with at least one completed order up to as_of_date.
-- Several orders on one day are one purchase occasion (the BG/NBD and the activity rhythm count days);
-- their orders, revenue, discount and margin are added up. A delta build of orders recomputes only the
-- customers whose orders it changed (incremental strategy replace_recomputed_rows).
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='customers',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
-- depends_on: {{ ref('int_customer_records_clustered') }}
with

orders as (
    select * from {{ ref('int_orders_joined_to_customers') }}
    {{ delta_rows_only() }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

purchase_days as (
    select
        orders.customer_id,
        orders.order_date as purchase_date,
        count(*) as completed_orders,
        sum(orders.revenue_base) as revenue_base,
        sum(orders.discount_base) as discount_base,
        sum(orders.gross_margin_base) as gross_margin_base,
        count(orders.gross_margin_base) as orders_with_margin
    from orders
    inner join as_of
        on orders.order_date <= as_of.as_of_date
    where orders.status = 'completed'
    group by orders.customer_id, orders.order_date
)

select
    -- ids
    customer_id,

    -- timestamps
    purchase_date,

    -- measures
    cast(completed_orders as integer) as completed_orders,
    cast(revenue_base as decimal(18, 2)) as revenue_base,
    cast(discount_base as decimal(18, 2)) as discount_base,
    cast(gross_margin_base as decimal(18, 2)) as gross_margin_base,
    cast(orders_with_margin as integer) as orders_with_margin
from purchase_days
