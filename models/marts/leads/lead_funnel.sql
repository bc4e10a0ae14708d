{{ config(contract={'enforced': true}) }}

-- From inquiry to first order, per month of the inquiry and lead class: how many leads were tied to a
-- customer, how many placed a completed order within var lead_conversion_window_days of the inquiry,
-- and how long that took. An undated inquiry cannot be placed in time and never counts as converted.
-- Months whose window has not fully elapsed by as_of_date are flagged: their rates are still rising.
with

leads as (
    select * from {{ ref('lead_scores') }}
),

orders as (
    select * from {{ ref('int_orders_joined_to_customers') }}
    where status = 'completed'
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

lead_classes as (
    select * from {{ ref('lead_classes') }}
),

first_orders as (
    select
        leads.inquiry_id,
        orders.ordered_at as converted_at,
        orders.revenue_base as first_order_revenue,
        {{ seconds_between('orders.ordered_at', 'leads.received_at') }} / 86400.0 as days_to_convert
    from leads
    inner join orders
        on leads.customer_id = orders.customer_id
        and leads.received_at <= orders.ordered_at
        and {{ add_days('leads.received_at', var('lead_conversion_window_days')) }} > orders.ordered_at
    qualify row_number() over (partition by leads.inquiry_id order by orders.ordered_at, orders.order_key) = 1
),

earlier_buyers as (
    select distinct leads.inquiry_id
    from leads
    inner join orders
        on leads.customer_id = orders.customer_id
        and leads.received_at > orders.ordered_at
),

lead_outcomes as (
    select
        leads.inquiry_id,
        leads.received_month,
        leads.lead_class,
        leads.lead_score,
        leads.customer_id is not null as is_identified,
        first_orders.inquiry_id is not null as is_converted,
        first_orders.inquiry_id is not null and earlier_buyers.inquiry_id is null as is_new_customer_conversion,
        first_orders.days_to_convert,
        first_orders.first_order_revenue
    from leads
    left join first_orders
        on leads.inquiry_id = first_orders.inquiry_id
    left join earlier_buyers
        on leads.inquiry_id = earlier_buyers.inquiry_id
),

funnel as (
    select
        received_month,
        lead_class,
        count(*) as inquiries,
        count_if(is_identified) as identified_leads,
        count_if(is_converted) as converted_leads,
        count_if(is_new_customer_conversion) as new_customer_conversions,
        avg(lead_score) as avg_lead_score,
        avg(days_to_convert) as avg_days_to_convert,
        median(days_to_convert) as median_days_to_convert,
        sum(first_order_revenue) as first_order_revenue
    from lead_outcomes
    group by received_month, lead_class
)

select
    -- ids
    cast(
        coalesce({{ format_date('funnel.received_month', '%Y-%m') }}, 'undated') || '|' || funnel.lead_class as string
    ) as funnel_key,
    cast(funnel.received_month as date) as received_month,
    cast(funnel.lead_class as string) as lead_class,
    cast(lead_classes.label_zh as string) as lead_class_zh,

    -- stages
    cast(funnel.inquiries as bigint) as inquiries,
    cast(funnel.identified_leads as bigint) as identified_leads,
    cast(funnel.converted_leads as bigint) as converted_leads,
    cast(funnel.new_customer_conversions as bigint) as new_customer_conversions,

    -- rates
    cast({{ percent_of('funnel.identified_leads', 'funnel.inquiries') }} as double) as pct_identified,
    cast({{ percent_of('funnel.converted_leads', 'funnel.inquiries') }} as double) as conversion_rate,
    cast({{ percent_of('funnel.converted_leads', 'funnel.identified_leads') }} as double)
        as identified_conversion_rate,

    -- time and value
    cast(funnel.avg_lead_score as double) as avg_lead_score,
    cast(funnel.avg_days_to_convert as double) as avg_days_to_convert,
    cast(funnel.median_days_to_convert as double) as median_days_to_convert,
    cast(coalesce(funnel.first_order_revenue, 0) as decimal(18, 2)) as first_order_revenue,
    coalesce(
        {{ add_months('funnel.received_month', 1) }}
        + {{ var('lead_conversion_window_days') }} <= as_of.as_of_date + 1,
        false
    ) as is_window_complete
from funnel
cross join as_of
inner join lead_classes
    on funnel.lead_class = lead_classes.lead_class
