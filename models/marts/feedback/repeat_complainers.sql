{{ config(contract={'enforced': true}) }}

-- Customers with at least var repeat_complainer_min_complaints complaint tickets (all time): who keeps
-- coming back unhappy, about what, how badly, and whether we fixed it.
with

complaints as (
    select * from {{ ref('fct_tickets') }}
    where is_complaint and customer_id is not null
),

category_counts as (
    select
        customer_id,
        category,
        count(*) as complaints,
        max(opened_at) as last_opened_at
    from complaints
    group by customer_id, category
),

top_categories as (
    select
        customer_id,
        category as top_category
    from category_counts
    -- ties: the category complained about most recently
    qualify row_number() over (
        partition by customer_id order by complaints desc, last_opened_at desc, category asc
    ) = 1
),

per_customer as (
    select
        customer_id,
        count(*) as complaints,
        count_if(not is_resolved) as unresolved_complaints,
        count(distinct category) as categories,
        max(severity_rank) as max_severity_rank,
        max_by(severity, severity_rank) as max_severity,
        sum(complaint_weight) as weighted_complaints,
        avg(hours_to_resolution) as avg_hours_to_resolution,
        min(opened_at) as first_complaint_at,
        max(opened_at) as last_complaint_at
    from complaints
    group by customer_id
    having count(*) >= {{ var('repeat_complainer_min_complaints') }}
)

select
    -- ids
    cast(per_customer.customer_id as string) as customer_id,

    -- complaints
    cast(per_customer.complaints as bigint) as complaints,
    cast(per_customer.unresolved_complaints as bigint) as unresolved_complaints,
    cast(per_customer.categories as bigint) as categories,
    cast(top_categories.top_category as string) as top_category,
    cast(per_customer.max_severity as string) as max_severity,
    cast(per_customer.weighted_complaints as double) as weighted_complaints,
    cast(per_customer.avg_hours_to_resolution as double) as avg_hours_to_resolution,

    -- timestamps
    cast(per_customer.first_complaint_at as timestamp) as first_complaint_at,
    cast(per_customer.last_complaint_at as timestamp) as last_complaint_at,
    cast(
        {{ seconds_between('per_customer.last_complaint_at', 'per_customer.first_complaint_at') }}
        / 86400.0 / nullif(per_customer.complaints - 1, 0) as double
    ) as avg_days_between_complaints
from per_customer
inner join top_categories
    on per_customer.customer_id = top_categories.customer_id
