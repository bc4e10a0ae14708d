{{ config(contract={'enforced': true}) }}

-- Tickets by type, category, severity and status, with time to resolution: the complaint desk's
-- table. Complaints are the rows with is_complaint; the other ticket types are kept so the table
-- reconciles with fct_tickets.
with

tickets as (
    select * from {{ ref('fct_tickets') }}
),

summarised as (
    select
        ticket_type,
        category,
        severity,
        status,
        any_value(ticket_type_zh) as ticket_type_zh,
        any_value(category_zh) as category_zh,
        any_value(severity_zh) as severity_zh,
        any_value(status_zh) as status_zh,
        any_value(is_complaint) as is_complaint,
        any_value(severity_rank) as severity_rank,
        count(*) as tickets,
        count(distinct customer_id) as customers,
        count_if(is_resolved) as resolved_tickets,
        count(hours_to_resolution) as timed_tickets,
        avg(hours_to_resolution) as avg_hours_to_resolution,
        median(hours_to_resolution) as median_hours_to_resolution,
        percentile_cont(0.9) within group (order by hours_to_resolution) as p90_hours_to_resolution,
        min(opened_at) as first_opened_at,
        max(opened_at) as last_opened_at
    from tickets
    group by ticket_type, category, severity, status
)

select
    -- ids
    cast(ticket_type || '|' || category || '|' || severity || '|' || status as string) as summary_key,
    cast(ticket_type as string) as ticket_type,
    cast(category as string) as category,
    cast(severity as string) as severity,
    cast(status as string) as status,

    -- labels
    cast(ticket_type_zh as string) as ticket_type_zh,
    cast(category_zh as string) as category_zh,
    cast(severity_zh as string) as severity_zh,
    cast(status_zh as string) as status_zh,
    cast(is_complaint as boolean) as is_complaint,
    cast(severity_rank as integer) as severity_rank,

    -- counts
    cast(tickets as bigint) as tickets,
    cast(customers as bigint) as customers,
    cast(resolved_tickets as bigint) as resolved_tickets,
    cast(tickets - resolved_tickets as bigint) as unresolved_tickets,
    cast({{ percent_of('resolved_tickets', 'tickets') }} as double) as pct_resolved,

    -- time to resolution
    cast(timed_tickets as bigint) as timed_tickets,
    cast(avg_hours_to_resolution as double) as avg_hours_to_resolution,
    cast(median_hours_to_resolution as double) as median_hours_to_resolution,
    cast(p90_hours_to_resolution as double) as p90_hours_to_resolution,

    -- timestamps
    cast(first_opened_at as timestamp) as first_opened_at,
    cast(last_opened_at as timestamp) as last_opened_at
from summarised
