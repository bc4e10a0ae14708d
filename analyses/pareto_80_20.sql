-- "Do 20% of our customers really bring 80% of the revenue?" Customers and revenue per Pareto class
-- (A = the customers making the first 80% of revenue in the value window), with the revenue share of
-- the top 20% of customers for comparison. Read top_20pct_revenue_share next to class A.
with

value_tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

ranked as (
    select
        customer_id,
        pareto_class,
        revenue_window,
        percent_rank() over (order by revenue_window desc) as revenue_rank_share
    from value_tiers
),

totals as (
    select
        count(*) as customers,
        sum(revenue_window) as revenue,
        sum(revenue_window) filter (where revenue_rank_share < 0.2) as top_20pct_revenue
    from ranked
),

by_class as (
    select
        pareto_class,
        count(*) as customers,
        sum(revenue_window) as revenue,
        min(revenue_window) as min_customer_revenue
    from ranked
    group by pareto_class
),

final as (
    select
        by_class.pareto_class,
        by_class.customers,
        round(by_class.customers / totals.customers, 4) as customer_share,
        by_class.revenue,
        round(by_class.revenue / nullif(totals.revenue, 0), 4) as revenue_share,
        by_class.min_customer_revenue,
        round(totals.top_20pct_revenue / nullif(totals.revenue, 0), 4) as top_20pct_revenue_share
    from by_class
    cross join totals
)

select * from final
order by pareto_class
