-- "What do customers complain about most, and do we fix it?" Complaint tickets per category, worst
-- first by severity-weighted count: tickets, customers, unresolved tickets and hours to resolution.
-- var top_complaints_limit (default 10) categories.
with

tickets as (
    select * from {{ ref('fct_tickets') }}
),

complaints as (
    select *
    from tickets
    where is_complaint
),

by_category as (
    select
        category,
        category_zh,
        count(*) as complaints,
        count(distinct customer_id) as customers,
        sum(complaint_weight) as weighted_complaints,
        count(*) filter (where not is_resolved) as unresolved,
        count(*) filter (where severity in ('high', 'critical')) as high_or_critical,
        round(median(hours_to_resolution), 1) as median_hours_to_resolution,
        max(opened_at) as last_opened_at
    from complaints
    group by category, category_zh
),

final as (
    select
        category,
        category_zh,
        complaints,
        customers,
        round(weighted_complaints, 1) as weighted_complaints,
        unresolved,
        round(unresolved / complaints, 4) as unresolved_share,
        high_or_critical,
        median_hours_to_resolution,
        last_opened_at
    from by_category
)

select * from final
order by weighted_complaints desc, complaints desc
limit {{ var('top_complaints_limit', 10) }}
