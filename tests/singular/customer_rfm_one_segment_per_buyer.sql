-- Each customer with a completed order in the RFM lookback window has exactly one RFM segment, and no
-- one else has any: fails with every customer breaking that (and why).
with

rfm as (
    select * from {{ ref('customer_rfm') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

window_buyers as (
    select distinct orders.customer_id
    from orders
    cross join as_of
    where
        orders.status = 'completed'
        and orders.order_date <= as_of.as_of_date
        and orders.order_date > as_of.as_of_date - {{ var('rfm_lookback_days') }}
),

segments_per_customer as (
    select
        customer_id,
        count(*) as rfm_rows,
        count(rfm_segment) as named_segments
    from rfm
    group by customer_id
)

select
    coalesce(window_buyers.customer_id, segments_per_customer.customer_id) as customer_id,
    window_buyers.customer_id is not null as bought_in_window,
    coalesce(segments_per_customer.rfm_rows, 0) as rfm_rows,
    coalesce(segments_per_customer.named_segments, 0) as named_segments
from window_buyers
full outer join segments_per_customer
    on window_buyers.customer_id = segments_per_customer.customer_id
where
    window_buyers.customer_id is null
    or segments_per_customer.customer_id is null
    or segments_per_customer.rfm_rows != 1
    or segments_per_customer.named_segments != 1
