{{ config(contract={'enforced': true}) }}

-- One row per value of every segment dimension of customer_segments (macro segment_dimensions): how
-- many customers, how much revenue, average predicted CLV and composite score, how many are high
-- priority, and the segment's NPS (from nps_by_segment). Every dimension adds up to all customers and all
-- revenue, so shares within a dimension sum to 100 %.
with

segments as (
    select * from {{ ref('customer_segments') }}
),

value_tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

clv as (
    select * from {{ ref('customer_clv') }}
),

scores as (
    select * from {{ ref('customer_scores') }}
),

nps as (
    select * from {{ ref('nps_by_segment') }}
),

segment_values as (
    {{ unpivot_segments('segments') }}
),

customer_measures as (
    select
        segments.customer_id,
        coalesce(value_tiers.revenue_to_date, 0) as revenue_to_date,
        coalesce(value_tiers.revenue_window, 0) as revenue_window,
        value_tiers.customer_id is not null as is_buyer,
        clv.predicted_clv,
        scores.composite_score,
        scores.priority_class
    from segments
    left join value_tiers
        on segments.customer_id = value_tiers.customer_id
    left join clv
        on segments.customer_id = clv.customer_id
    left join scores
        on segments.customer_id = scores.customer_id
),

profiled as (
    select
        segment_values.segment_dimension,
        segment_values.segment_value,
        any_value(segment_values.segment_value_zh) as segment_value_zh,
        count(*) as customers,
        count_if(customer_measures.is_buyer) as buyers,
        sum(customer_measures.revenue_to_date) as revenue_to_date,
        sum(customer_measures.revenue_window) as revenue_window,
        count(customer_measures.predicted_clv) as customers_with_clv,
        avg(customer_measures.predicted_clv) as avg_predicted_clv,
        avg(customer_measures.composite_score) as avg_composite_score,
        count_if(customer_measures.priority_class = 'high') as high_priority_customers
    from segment_values
    inner join customer_measures
        on segment_values.customer_id = customer_measures.customer_id
    group by segment_values.segment_dimension, segment_values.segment_value
),

shared as (
    select
        *,
        {{ percent_of('customers', 'sum(customers) over (partition by segment_dimension)') }} as pct_of_customers,
        {{ percent_of('revenue_to_date', 'sum(revenue_to_date) over (partition by segment_dimension)') }}
            as pct_of_revenue
    from profiled
)

select
    -- ids
    cast(shared.segment_dimension || '|' || shared.segment_value as string) as segment_key,
    cast(shared.segment_dimension as string) as segment_dimension,
    cast(shared.segment_value as string) as segment_value,
    cast(shared.segment_value_zh as string) as segment_value_zh,

    -- customers
    cast(shared.customers as bigint) as customers,
    cast(shared.pct_of_customers as double) as pct_of_customers,
    cast(shared.buyers as bigint) as buyers,
    cast(shared.high_priority_customers as bigint) as high_priority_customers,

    -- value
    cast(shared.revenue_to_date as decimal(18, 2)) as revenue_to_date,
    cast(shared.pct_of_revenue as double) as pct_of_revenue,
    cast(shared.revenue_window as decimal(18, 2)) as revenue_window,
    cast(shared.revenue_to_date / shared.customers as double) as revenue_per_customer,
    cast(shared.customers_with_clv as bigint) as customers_with_clv,
    cast(shared.avg_predicted_clv as double) as avg_predicted_clv,
    cast(shared.avg_composite_score as double) as avg_composite_score,

    -- satisfaction
    cast(coalesce(nps.responses, 0) as bigint) as nps_responses,
    cast(nps.nps as double) as nps,
    cast(coalesce(nps.is_small_sample, true) as boolean) as is_nps_small_sample
from shared
left join nps
    on shared.segment_dimension = nps.segment_dimension
    and shared.segment_value = nps.segment_value
