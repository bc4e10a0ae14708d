-- "Of the customers who first bought in a month, how many bought again 1, 2, 3 ... months later?"
-- One row per first-purchase cohort and month since the first purchase; retention = buyers in that
-- month / cohort size. Only completed orders count as purchases (the warehouse's revenue rule).
with

orders as (
    select * from {{ ref('fct_orders') }}
),

purchases as (
    select
        customer_id,
        cast(date_trunc('month', order_date) as date) as purchase_month
    from orders
    where status = 'completed'
    group by customer_id, purchase_month
),

cohorts as (
    select
        customer_id,
        min(purchase_month) as cohort_month
    from purchases
    group by customer_id
),

cohort_sizes as (
    select
        cohort_month,
        count(*) as cohort_customers
    from cohorts
    group by cohort_month
),

cohort_purchases as (
    select
        cohorts.customer_id,
        cohorts.cohort_month,
        purchases.purchase_month
    from purchases
    inner join cohorts
        on purchases.customer_id = cohorts.customer_id
),

activity as (
    select
        cohort_month,
        -- month arithmetic in ANSI SQL, so the analysis runs unchanged on another engine
        (extract(year from purchase_month) - extract(year from cohort_month)) * 12
        + extract(month from purchase_month) - extract(month from cohort_month) as months_since_first,
        count(*) as active_customers
    from cohort_purchases
    group by cohort_month, months_since_first
),

final as (
    select
        activity.cohort_month,
        activity.months_since_first,
        cohort_sizes.cohort_customers,
        activity.active_customers,
        round(activity.active_customers / cohort_sizes.cohort_customers, 4) as retention
    from activity
    inner join cohort_sizes
        on activity.cohort_month = cohort_sizes.cohort_month
)

select * from final
order by cohort_month, months_since_first
