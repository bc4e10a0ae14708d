{{ config(contract={'enforced': true}) }}

-- Movement between RFM segments: one row per month and (segment last month, segment this month) with
-- the customers who moved and their revenue. 'Unscored' stands for no completed order in the look-back
-- window (a customer entering or leaving the scored base). The first month of the history has no month
-- before it and is left out.
with

rfm_history as (
    select * from {{ ref('customer_rfm_monthly') }}
),

snapshots as (
    select * from {{ ref('int_value_snapshot_dates') }}
),

segment_labels as (
    select distinct
        segment,
        segment_zh
    from {{ ref('rfm_segment_map') }}
),

month_pairs as (
    select
        month_start,
        snapshot_date,
        previous_snapshot_date
    from snapshots
    where previous_snapshot_date is not null
),

current_side as (
    select
        month_pairs.month_start,
        month_pairs.snapshot_date,
        month_pairs.previous_snapshot_date,
        rfm_history.customer_id,
        rfm_history.rfm_segment,
        rfm_history.monetary,
        rfm_history.revenue_in_month
    from month_pairs
    inner join rfm_history
        on month_pairs.snapshot_date = rfm_history.snapshot_date
),

previous_side as (
    select
        month_pairs.month_start,
        month_pairs.snapshot_date,
        month_pairs.previous_snapshot_date,
        rfm_history.customer_id,
        rfm_history.rfm_segment
    from month_pairs
    inner join rfm_history
        on month_pairs.previous_snapshot_date = rfm_history.snapshot_date
),

moves as (
    select
        coalesce(current_side.month_start, previous_side.month_start) as month_start,
        coalesce(current_side.snapshot_date, previous_side.snapshot_date) as snapshot_date,
        coalesce(current_side.previous_snapshot_date, previous_side.previous_snapshot_date)
            as previous_snapshot_date,
        coalesce(previous_side.rfm_segment, 'Unscored') as from_segment,
        coalesce(current_side.rfm_segment, 'Unscored') as to_segment,
        coalesce(current_side.monetary, 0) as monetary,
        coalesce(current_side.revenue_in_month, 0) as revenue_in_month
    from current_side
    full outer join previous_side
        on
            current_side.snapshot_date = previous_side.snapshot_date
            and current_side.customer_id = previous_side.customer_id
),

counted as (
    select
        month_start,
        snapshot_date,
        previous_snapshot_date,
        from_segment,
        to_segment,
        count(*) as customers,
        sum(revenue_in_month) as revenue_in_month,
        sum(monetary) as monetary
    from moves
    group by
        month_start,
        snapshot_date,
        previous_snapshot_date,
        from_segment,
        to_segment
)

select
    -- ids
    cast(counted.month_start as date) as month_start,
    cast(counted.from_segment as string) as from_segment,
    cast(counted.to_segment as string) as to_segment,

    -- timestamps
    cast(counted.snapshot_date as date) as snapshot_date,
    cast(counted.previous_snapshot_date as date) as previous_snapshot_date,

    -- labels
    cast(coalesce(from_labels.segment_zh, '未评分') as string) as from_segment_zh,
    cast(coalesce(to_labels.segment_zh, '未评分') as string) as to_segment_zh,
    cast(counted.from_segment != counted.to_segment as boolean) as is_move,

    -- measures
    cast(counted.customers as integer) as customers,
    cast(counted.revenue_in_month as decimal(18, 2)) as revenue_in_month,
    cast(counted.monetary as decimal(18, 2)) as monetary
from counted
left join segment_labels as from_labels
    on counted.from_segment = from_labels.segment
left join segment_labels as to_labels
    on counted.to_segment = to_labels.segment
