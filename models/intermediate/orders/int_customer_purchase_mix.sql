-- One row per customer with a completed order up to as_of_date: what and where the customer buys and how
-- regularly (the top product category and its share of spend, the number of categories bought, the
-- preferred channel and its share of orders, the spread of the gaps between purchase days). The
-- population marts customer_segments and customer_score_inputs read these instead of every order line.
-- A customer's row depends on that customer's orders only: as_of_date is either var as_of_date, which a
-- delta build never changes (a changed var rebuilds everything), or the latest clean order's day, on or
-- after every order here. So a delta build of orders recomputes only the customers whose orders it
-- changed (incremental strategy replace_recomputed_rows).
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='customers',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
-- depends_on: {{ ref('int_customer_records_clustered') }}
with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

-- completed orders and their lines up to as_of_date (in a delta build, of the recomputed customers only)
orders as (
    select orders.*
    from {{ ref('fct_orders') }} as orders
    inner join as_of
        on
            orders.order_date <= as_of.as_of_date
            and orders.status = 'completed'
    {{ delta_rows_only() }}
),

order_items as (
    select order_items.*
    from {{ ref('fct_order_items') }} as order_items
    inner join as_of
        on
            order_items.order_date <= as_of.as_of_date
            and order_items.status = 'completed'
    {{ delta_rows_only() }}
),

-- each purchase day carries the gap since the customer's previous one (days before as_of_date only ever
-- follow days before it, so the gaps up to as_of_date are the same as when cut there first)
purchase_gaps as (
    select purchase_days.*
    from {{ ref('int_purchase_days_sequenced') }} as purchase_days
    inner join as_of
        on purchase_days.purchase_date <= as_of.as_of_date
    {{ delta_rows_only() }}
),

-- purchase days and order lines are those of completed orders up to as_of_date: every customer of the
-- CTEs below is here
buyers as (
    select distinct customer_id
    from orders
),

category_spend as (
    select
        customer_id,
        product_category,
        sum(line_amount_base) as category_amount,
        sum(sum(line_amount_base)) over (partition by customer_id) as total_amount
    from order_items
    where product_category is not null
    group by customer_id, product_category
),

top_categories as (
    select
        customer_id,
        product_category as top_category,
        -- as doubles: Spark divides decimals to 6 places (a share at the clear_buyer edge would move)
        cast(category_amount as double) / nullif(cast(total_amount as double), 0) as top_category_share
    from category_spend
    -- ties: the category name, so the answer does not change between builds
    qualify row_number() over (partition by customer_id order by category_amount desc, product_category asc) = 1
),

categories_bought as (
    select
        customer_id,
        -- a buyer whose lines carry no category has an unknown breadth, not a breadth of 0
        nullif(count(distinct product_category), 0) as categories_bought
    from order_items
    group by customer_id
),

channel_orders as (
    select
        customer_id,
        channel,
        count(*) as channel_orders,
        sum(count(*)) over (partition by customer_id) as total_orders,
        max(ordered_at) as last_ordered_at
    from orders
    where channel is not null
    group by customer_id, channel
),

preferred_channels as (
    select
        customer_id,
        channel as preferred_channel,
        channel_orders / total_orders as preferred_channel_share
    from channel_orders
    -- ties: the channel used most recently, then the channel's name (two channels can share the latest
    -- order time), so the answer does not change between builds
    qualify row_number() over (
        partition by customer_id order by channel_orders desc, last_ordered_at desc, channel asc
    ) = 1
),

purchase_rhythm as (
    select
        customer_id,
        -- coefficient of variation of the gaps between purchase days: 0 = perfectly regular
        stddev_pop(gap_days) / nullif(avg(gap_days), 0) as purchase_gap_cv
    from purchase_gaps
    where gap_days is not null
    group by customer_id
)

select
    -- ids
    buyers.customer_id,

    -- what the customer buys
    top_categories.top_category,
    cast(top_categories.top_category_share as double) as top_category_share,
    categories_bought.categories_bought,

    -- where
    preferred_channels.preferred_channel,
    cast(preferred_channels.preferred_channel_share as double) as preferred_channel_share,

    -- how regularly
    cast(purchase_rhythm.purchase_gap_cv as double) as purchase_gap_cv
from buyers
left join top_categories
    on buyers.customer_id = top_categories.customer_id
left join categories_bought
    on buyers.customer_id = categories_bought.customer_id
left join preferred_channels
    on buyers.customer_id = preferred_channels.customer_id
left join purchase_rhythm
    on buyers.customer_id = purchase_rhythm.customer_id
