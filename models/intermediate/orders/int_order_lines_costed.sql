-- Clean order lines of clean orders, converted to var base_currency with the order's currency, and
-- costed with the product's unit cost (already in base currency) when the catalogue has one. A delta
-- build of orders recomputes only the lines of the orders it changed (incremental strategy replace_recomputed_rows).
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='orders',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
with

order_items as (
    select * from {{ ref('stg_raw__order_items') }}
    {{ delta_rows_only() }}
),

orders as (
    select * from {{ ref('stg_raw__orders') }}
    {{ delta_rows_only() }}
),

products as (
    select * from {{ ref('stg_raw__products') }}
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

base_rate as (
    select rate_to_cny as base_rate_to_cny
    from currency_rates
    where currency = '{{ var("base_currency") }}'
),

converted as (
    select
        -- ids
        order_items.order_item_key,
        order_items.order_key,
        order_items.line_number,
        order_items.product_id,

        -- attributes
        products.category as product_category,
        order_items.quantity,
        orders.currency,

        -- money
        order_items.unit_price,
        order_items.line_amount,
        currency_rates.rate_to_cny / base_rate.base_rate_to_cny as rate_to_base,
        products.unit_cost as unit_cost_base
    from order_items
    -- lines of quarantined orders stop here: staging does not check lines against orders
    inner join orders
        on order_items.order_key = orders.order_key
    inner join currency_rates
        on orders.currency = currency_rates.currency
    cross join base_rate
    left join products
        on order_items.product_id = products.product_id
)

select
    -- ids
    order_item_key,
    order_key,
    line_number,
    product_id,

    -- attributes
    product_category,
    quantity,
    currency,

    -- money
    unit_price,
    line_amount,
    cast({{ round_half_away("unit_price * rate_to_base", 2) }} as decimal(18, 2)) as unit_price_base,
    cast({{ round_half_away("line_amount * rate_to_base", 2) }} as decimal(18, 2)) as line_amount_base,
    cast(unit_cost_base as decimal(18, 2)) as unit_cost_base,
    cast(quantity * unit_cost_base as decimal(18, 2)) as line_cost_base
from converted
