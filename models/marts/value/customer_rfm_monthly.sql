{{ config(contract={'enforced': true}) }}

-- RFM at every snapshot day of int_value_snapshot_dates (month ends, and as_of_date for the current
-- month): one row per snapshot and customer with a completed order in the var rfm_lookback_days days
-- up to the snapshot (macro rfm_at_snapshots, shared with customer_rfm). Scores are quintiles within the
-- snapshot with equal values getting equal scores (macro share_below_score); the segment comes from seed
-- rfm_segment_map.
with

snapshots as (
    select * from {{ ref('int_value_snapshot_dates') }}
),

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
),

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

segmented as (
    {{ rfm_at_snapshots('snapshots', 'purchase_days', 'segment_map') }}
)

select
    -- ids
    cast(snapshot_date as date) as snapshot_date,
    cast(customer_id as string) as customer_id,

    -- timestamps
    cast(month_start as date) as month_start,
    cast(is_current_month as boolean) as is_current_month,
    cast(last_purchase_date as date) as last_purchase_date,

    -- measures
    cast(recency_days as integer) as recency_days,
    cast(frequency as integer) as frequency,
    cast(monetary as decimal(18, 2)) as monetary,
    cast(revenue_in_month as decimal(18, 2)) as revenue_in_month,

    -- scores
    cast(r_score as integer) as r_score,
    cast(f_score as integer) as f_score,
    cast(m_score as integer) as m_score,
    cast(rfm_code as string) as rfm_code,
    cast(r_score + f_score + m_score as integer) as rfm_score,
    cast(rfm_segment as string) as rfm_segment,
    cast(rfm_segment_zh as string) as rfm_segment_zh
from segmented
