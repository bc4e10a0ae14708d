-- "Which leads are worth chasing?" Inquiries and conversions per lead class over the months whose
-- conversion window is complete (younger inquiries may still convert), with the conversion rate,
-- the time to convert and the revenue of the first orders.
with

lead_funnel as (
    select * from {{ ref('lead_funnel') }}
),

by_class as (
    select
        lead_class,
        lead_class_zh,
        cast(sum(inquiries) as bigint) as inquiries,
        cast(sum(identified_leads) as bigint) as identified_leads,
        cast(sum(converted_leads) as bigint) as converted_leads,
        cast(sum(new_customer_conversions) as bigint) as new_customer_conversions,
        sum(avg_lead_score * inquiries) / nullif(sum(inquiries), 0) as avg_lead_score,
        sum(avg_days_to_convert * converted_leads)
        / nullif(sum(converted_leads) filter (where avg_days_to_convert is not null), 0) as avg_days_to_convert,
        sum(first_order_revenue) as first_order_revenue
    from lead_funnel
    where is_window_complete
    group by lead_class, lead_class_zh
),

final as (
    select
        lead_class,
        lead_class_zh,
        inquiries,
        identified_leads,
        converted_leads,
        new_customer_conversions,
        round(converted_leads / nullif(inquiries, 0), 4) as conversion_rate,
        round(avg_lead_score, 1) as avg_lead_score,
        round(avg_days_to_convert, 1) as avg_days_to_convert,
        first_order_revenue
    from by_class
)

select * from final
order by conversion_rate desc nulls last
