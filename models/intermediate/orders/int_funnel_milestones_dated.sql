-- One row per customer with the first day of each funnel milestone up to as_of_date: known, intent,
-- first purchase (成交) and after-sale (售后: the first ticket, returned order or repeat purchase day
-- on or after the first purchase day). A stage's day is never before the previous stage's day: a
-- customer who buys without any recorded intent has intent on the purchase day.
with

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

events as (
    select * from {{ ref('int_funnel_events_unioned') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

customers as (
    select distinct customer_id
    from customer_records
),

observed as (
    select events.*
    from events
    inner join as_of
        on events.event_date <= as_of.as_of_date
),

purchases as (
    select
        customer_id,
        min(event_date) as first_purchase_on,
        -- the second distinct purchase day is a repeat purchase
        min(event_date) filter (where event_date > first_day) as second_purchase_on
    from (
        select
            *,
            min(event_date) over (partition by customer_id) as first_day
        from observed
        where funnel_signal = 'purchase'
    ) as purchase_events
    group by customer_id
),

firsts as (
    select
        customer_id,
        min(event_date) as first_event_on,
        min(event_date) filter (where funnel_signal = 'intent') as first_intent_on
    from observed
    group by customer_id
),

services as (
    select
        observed.customer_id,
        min(observed.event_date) as first_service_on
    from observed
    inner join purchases
        on
            observed.customer_id = purchases.customer_id
            and observed.event_date >= purchases.first_purchase_on
    where observed.funnel_signal in ('service', 'return')
    group by observed.customer_id
),

milestones as (
    select
        customers.customer_id,
        firsts.first_event_on as known_on,
        least(firsts.first_intent_on, purchases.first_purchase_on) as intent_on,
        purchases.first_purchase_on,
        least(purchases.second_purchase_on, services.first_service_on) as after_sale_on
    from customers
    left join firsts
        on customers.customer_id = firsts.customer_id
    left join purchases
        on customers.customer_id = purchases.customer_id
    left join services
        on customers.customer_id = services.customer_id
)

select
    -- ids
    customer_id,

    -- timestamps
    known_on,
    intent_on,
    first_purchase_on,
    after_sale_on
from milestones
