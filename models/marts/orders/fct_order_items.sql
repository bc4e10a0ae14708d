{{ config(
    contract={'enforced': true},
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='orders',
    on_schema_change='append_new_columns',
) }}
-- depends_on: {{ ref('base_raw__orders') }}

-- One row per line of a clean order, with the order's customer, day and status, the line amount in base
-- currency and, when the product has a unit cost, the line's cost and gross margin. A delta build of
-- orders recomputes only the lines of the orders it changed (incremental strategy replace_recomputed_rows).
with

order_lines as (
    select * from {{ ref('int_order_lines_costed') }}
    {{ delta_rows_only() }}
),

orders as (
    select * from {{ ref('int_orders_joined_to_customers') }}
    {{ delta_rows_only() }}
)

select
    -- ids
    cast(order_lines.order_item_key as string) as order_item_key,
    cast(order_lines.order_key as string) as order_key,
    cast(orders.customer_id as string) as customer_id,
    cast(order_lines.line_number as integer) as line_number,
    cast(order_lines.product_id as string) as product_id,

    -- timestamps
    cast(orders.order_date as date) as order_date,

    -- attributes
    cast(orders.status as string) as status,
    cast(order_lines.product_category as string) as product_category,
    cast(order_lines.quantity as integer) as quantity,
    cast(order_lines.currency as string) as currency,

    -- money
    cast(order_lines.unit_price as decimal(18, 2)) as unit_price,
    cast(order_lines.line_amount as decimal(18, 2)) as line_amount,
    cast(order_lines.unit_price_base as decimal(18, 2)) as unit_price_base,
    cast(order_lines.line_amount_base as decimal(18, 2)) as line_amount_base,
    cast(order_lines.unit_cost_base as decimal(18, 2)) as unit_cost_base,
    cast(order_lines.line_cost_base as decimal(18, 2)) as line_cost_base,
    cast(order_lines.line_amount_base - order_lines.line_cost_base as decimal(18, 2)) as line_margin_base
from order_lines
inner join orders
    on order_lines.order_key = orders.order_key
