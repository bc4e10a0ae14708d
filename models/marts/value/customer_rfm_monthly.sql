{{ config(
    contract={'enforced': true},
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='snapshots',
    on_schema_change='append_new_columns',
) }}
-- depends_on: {{ ref('base_raw__orders') }}

-- RFM at every snapshot day of int_value_snapshot_dates (month ends, and as_of_date for the current
-- month): one row per snapshot and customer with a completed order in the var rfm_lookback_days days
-- up to the snapshot (macro rfm_at_snapshots, shared with customer_rfm). Scores are quintiles within the
-- snapshot with equal values getting equal scores (macro share_below_score); the segment comes from seed
-- rfm_segment_map. The lookback sums are running sums per customer over the snapshots (windowing
-- 'running_sums'); customer_rfm joins its one snapshot instead, and test
-- customer_rfm_is_the_current_snapshot_of_the_history checks on every build that both ways agree.
-- A delta build of orders recomputes only the snapshots from the earliest changed order day (or the
-- old current month) on (incremental strategy replace_recomputed_rows).
with

snapshots as (
    select * from {{ ref('int_value_snapshot_dates') }}
    {{ delta_rows_only() }}
),

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
),

segment_map as (
    select * from {{ ref('rfm_segment_map') }}
),

segmented as (
    {{ rfm_at_snapshots('snapshots', 'purchase_days', 'segment_map', windowing='running_sums') }}
)

-- rfm_at_snapshots returns the contract's columns, in its order and types
select * from segmented
