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
    snapshot_date,
    customer_id,

    -- timestamps
    month_start,
    is_current_month,
    last_purchase_date,

    -- measures
    recency_days,
    frequency,
    monetary,
    revenue_in_month,

    -- scores
    r_score,
    f_score,
    m_score,
    rfm_code,
    rfm_score,
    rfm_segment,
    rfm_segment_zh
from segmented
