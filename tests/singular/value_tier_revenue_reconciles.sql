-- The revenue of the value tiers adds up to the total revenue of completed orders, in the value window
-- and to date: fails with one row per measure that does not (tier revenue, order revenue, difference).
with

tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

tier_totals as (
    select
        coalesce(sum(revenue_window), 0) as revenue_window,
        coalesce(sum(revenue_to_date), 0) as revenue_to_date
    from tiers
),

order_totals as (
    select
        coalesce(sum(orders.revenue_base) filter (
            where orders.order_date > as_of.as_of_date - {{ var('value_window_days') }}
        ), 0) as revenue_window,
        coalesce(sum(orders.revenue_base), 0) as revenue_to_date
    from orders
    cross join as_of
    where
        orders.status = 'completed'
        and orders.order_date <= as_of.as_of_date
),

compared as (
    select
        'revenue_window' as measure,
        tier_totals.revenue_window as tier_revenue,
        order_totals.revenue_window as order_revenue
    from tier_totals
    cross join order_totals

    union all

    select
        'revenue_to_date' as measure,
        tier_totals.revenue_to_date as tier_revenue,
        order_totals.revenue_to_date as order_revenue
    from tier_totals
    cross join order_totals
)

select
    measure,
    tier_revenue,
    order_revenue,
    tier_revenue - order_revenue as difference
from compared
where tier_revenue != order_revenue
