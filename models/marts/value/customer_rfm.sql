{{ config(contract={'enforced': true}) }}

-- RFM at as_of_date: one row per customer with a completed order in the var rfm_lookback_days days up
-- to as_of_date. The same rule as customer_rfm_monthly (macro rfm_at_snapshots) at one snapshot, the
-- current month's, computed here from the purchase days rather than read from the 24-month history, so
-- the current picture costs one snapshot; test customer_rfm_is_the_current_snapshot_of_the_history
-- proves both agree. Scoring rules are documented in customer_rfm_monthly.
with

current_snapshot as (
    select * from {{ ref('int_value_snapshot_dates') }}
    where is_current_month
),

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
),

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

current_rfm as (
    {{ rfm_at_snapshots('current_snapshot', 'purchase_days', 'segment_map') }}
)

select
    -- ids
    customer_id,

    -- timestamps
    snapshot_date as as_of_date,
    cast(snapshot_date - {{ var('rfm_lookback_days') }} + 1 as date) as lookback_start_date,
    last_purchase_date,

    -- measures
    recency_days,
    frequency,
    monetary,

    -- scores
    r_score,
    f_score,
    m_score,
    rfm_code,
    rfm_score,
    rfm_segment,
    rfm_segment_zh
from current_rfm
