-- Clean service tickets with the resolved customer (identity contract), mapped to the closed sets of the
-- scoring_ticket_* seeds: a type, category, severity or status the seed does not list becomes `unknown`
-- (its seed row says how it counts). A ticket is resolved when its status says so or when it has a
-- resolution time. Tickets of unknown customers keep customer_id = null: they still count in the
-- company-wide complaint figures.
with

tickets as (
    select * from {{ ref('stg_raw__tickets') }}
),

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

ticket_types as (
    select * from {{ ref('scoring_ticket_types') }}
),

ticket_categories as (
    select * from {{ ref('scoring_ticket_categories') }}
),

ticket_severities as (
    select * from {{ ref('scoring_ticket_severities') }}
),

ticket_statuses as (
    select * from {{ ref('scoring_ticket_statuses') }}
),

mapped as (
    select
        tickets.*,
        customer_records.customer_id,
        coalesce(ticket_types.ticket_type, 'unknown') as ticket_type_code,
        coalesce(ticket_categories.category, 'unknown') as category_code,
        coalesce(ticket_severities.severity, 'unknown') as severity_code,
        coalesce(ticket_statuses.status, 'unknown') as status_code
    from tickets
    left join customer_records
        on tickets.customer_record_key = customer_records.customer_record_key
    left join ticket_types
        on tickets.ticket_type = ticket_types.ticket_type
    left join ticket_categories
        on tickets.category = ticket_categories.category
    left join ticket_severities
        on tickets.severity = ticket_severities.severity
    left join ticket_statuses
        on tickets.status = ticket_statuses.status
),

labelled as (
    select
        -- ids
        mapped.ticket_id,
        mapped.customer_id,
        mapped.customer_record_key,
        mapped.order_key,
        mapped.source_system,

        -- timestamps
        mapped.opened_at,
        mapped.resolved_at,
        {{ seconds_between('mapped.resolved_at', 'mapped.opened_at') }} / 3600.0 as hours_to_resolution,

        -- attributes
        mapped.ticket_type_code as ticket_type,
        ticket_types.label_zh as ticket_type_zh,
        ticket_types.is_complaint,
        mapped.category_code as category,
        ticket_categories.label_zh as category_zh,
        mapped.severity_code as severity,
        ticket_severities.label_zh as severity_zh,
        ticket_severities.severity_rank,
        ticket_severities.complaint_weight,
        mapped.status_code as status,
        ticket_statuses.label_zh as status_zh,
        ticket_statuses.is_resolved or mapped.resolved_at is not null as is_resolved
    from mapped
    left join ticket_types
        on mapped.ticket_type_code = ticket_types.ticket_type
    left join ticket_categories
        on mapped.category_code = ticket_categories.category
    left join ticket_severities
        on mapped.severity_code = ticket_severities.severity
    left join ticket_statuses
        on mapped.status_code = ticket_statuses.status
)

select * from labelled
