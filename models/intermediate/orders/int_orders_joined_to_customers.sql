-- Every clean order with the customer_id of the real customer behind its source record, its revenue
-- and, when every line of the order has a product cost, its cost and gross margin. Revenue counts
-- completed orders only: cancelled and returned orders keep their amount but bring no revenue. A delta
-- build of orders recomputes only the orders it changed (incremental strategy replace_recomputed_rows).
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='orders',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
with

orders as (
    select * from {{ ref('stg_raw__orders') }}
    {{ delta_rows_only() }}
),

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

order_lines as (
    select * from {{ ref('int_order_lines_costed') }}
    {{ delta_rows_only() }}
),

order_costs as (
    select
        order_key,
        count(*) as line_count,
        -- a margin from a partly costed order would overstate profit, so cost needs every line
        count(*) = count(line_cost_base) as is_fully_costed,
        sum(line_cost_base) as cost_base
    from order_lines
    group by order_key
),

joined as (
    select
        -- ids
        orders.order_key,
        orders.source_system,
        orders.order_id,
        orders.customer_record_key,
        customer_records.customer_id,

        -- timestamps
        orders.ordered_at,
        orders.order_date,
        orders.updated_at,

        -- attributes
        orders.status,
        orders.channel,
        orders.currency,
        coalesce(order_costs.line_count, 0) as line_count,

        -- money
        orders.amount,
        orders.amount_base as net_amount_base,
        orders.discount_base,
        case when orders.status = 'completed' then orders.amount_base else 0 end as revenue_base,
        case when order_costs.is_fully_costed then order_costs.cost_base end as cost_base,

        -- quality
        orders.dq_flags
    from orders
    inner join customer_records
        on orders.customer_record_key = customer_records.customer_record_key
    left join order_costs
        on orders.order_key = order_costs.order_key
)

select
    -- ids
    order_key,
    source_system,
    order_id,
    customer_record_key,
    customer_id,

    -- timestamps
    ordered_at,
    order_date,
    updated_at,

    -- attributes
    status,
    channel,
    currency,
    line_count,

    -- money
    amount,
    net_amount_base,
    discount_base,
    cast(revenue_base as decimal(18, 2)) as revenue_base,
    cast(cost_base as decimal(18, 2)) as cost_base,
    cast(case when status = 'completed' then net_amount_base - cost_base end as decimal(18, 2)) as gross_margin_base,

    -- quality
    dq_flags
from joined
