{{ config(contract={'enforced': true}) }}

-- RFM at as_of_date: one row per customer with a completed order in the var rfm_lookback_days days up
-- to as_of_date. The current snapshot of customer_rfm_monthly, so the picture and the history always
-- agree; scoring rules are documented there.
with

rfm_history as (
    select * from {{ ref('customer_rfm_monthly') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

current_rfm as (
    select rfm_history.*
    from rfm_history
    inner join as_of
        on rfm_history.snapshot_date = as_of.as_of_date
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
