{{ config(contract={'enforced': true}) }}

-- One row per clean service ticket with closed-set attributes and their Chinese labels, severity weight,
-- resolution flag and time to resolution (mapping rules in int_tickets_joined_to_customers).
with

tickets as (
    select * from {{ ref('int_tickets_joined_to_customers') }}
)

select
    -- ids
    cast(ticket_id as string) as ticket_id,
    cast(customer_id as string) as customer_id,
    cast(order_key as string) as order_key,

    -- timestamps
    cast(opened_at as timestamp) as opened_at,
    cast(opened_at as date) as opened_date,
    cast(date_trunc('month', opened_at) as date) as opened_month,
    cast(resolved_at as timestamp) as resolved_at,
    cast(hours_to_resolution as double) as hours_to_resolution,

    -- attributes
    cast(ticket_type as string) as ticket_type,
    cast(ticket_type_zh as string) as ticket_type_zh,
    cast(is_complaint as boolean) as is_complaint,
    cast(category as string) as category,
    cast(category_zh as string) as category_zh,
    cast(severity as string) as severity,
    cast(severity_zh as string) as severity_zh,
    cast(severity_rank as integer) as severity_rank,
    cast(complaint_weight as double) as complaint_weight,
    cast(status as string) as status,
    cast(status_zh as string) as status_zh,
    cast(is_resolved as boolean) as is_resolved
from tickets
