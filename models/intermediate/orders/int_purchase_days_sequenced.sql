-- Each purchase day with the customer's buying rhythm as known on that day: the expected interval
-- between purchase days (median gap, once there are enough gaps), the at-risk and churn thresholds it
-- gives, and whether the purchase ended a churn (a return). Activity spells are derived from this.
-- A customer's rows depend on that customer's purchase days only, so a delta build of orders recomputes
-- only the customers whose orders it changed (incremental strategy replace_recomputed_rows).
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='customers',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
-- depends_on: {{ ref('int_customer_records_clustered') }}
with

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
    {{ delta_rows_only() }}
),

sequenced as (
    select
        customer_id,
        purchase_date,
        min(purchase_date) over (partition by customer_id) as first_purchase_date,
        lag(purchase_date) over (partition by customer_id order by purchase_date) as previous_purchase_date,
        lead(purchase_date) over (partition by customer_id order by purchase_date) as next_purchase_date,
        row_number() over (partition by customer_id order by purchase_date) as purchase_day_number
    from purchase_days
),

gapped as (
    select
        *,
        {{ days_between('purchase_date', 'previous_purchase_date') }} as gap_days
    from sequenced
),

rhythm as (
    select
        *,
        {{ running_median('gap_days', 'customer_id', 'purchase_date') }} as median_gap_days
    from gapped
),

intervals as (
    select
        *,
        case
            when purchase_day_number - 1 >= {{ var('lifecycle_rhythm_min_gaps') }}
                then greatest(median_gap_days, {{ var('lifecycle_min_interval_days') }})
            else {{ var('lifecycle_default_interval_days') }}
        end as expected_interval_days
    from rhythm
),

thresholds as (
    select
        *,
        cast(least(
            floor({{ var('lifecycle_churn_multiplier') }} * expected_interval_days),
            {{ var('lifecycle_churn_window_days') }}
        ) as integer) as churn_after_days
    from intervals
),

bounded as (
    select
        *,
        -- at_risk can never outlast churned
        cast(least(
            floor({{ var('lifecycle_at_risk_multiplier') }} * expected_interval_days),
            churn_after_days
        ) as integer) as at_risk_after_days,
        -- a return: the customer was already churned the day before this purchase, under the rhythm
        -- known after the previous purchase
        coalesce(
            {{ days_between('purchase_date', 'previous_purchase_date') }} - 1
            > lag(churn_after_days) over (partition by customer_id order by purchase_date),
            false
        ) as is_return
    from thresholds
),

returns as (
    select
        *,
        max(case when is_return then purchase_date end) over (
            partition by customer_id
            order by purchase_date
            rows between unbounded preceding and current row
        ) as last_return_date
    from bounded
)

select
    -- ids
    customer_id,

    -- timestamps
    purchase_date,
    first_purchase_date,
    previous_purchase_date,
    next_purchase_date,
    last_return_date,

    -- rhythm
    cast(purchase_day_number as integer) as purchase_day_number,
    cast(gap_days as integer) as gap_days,
    cast(median_gap_days as double) as median_gap_days,
    cast(expected_interval_days as double) as expected_interval_days,
    purchase_day_number - 1 >= {{ var('lifecycle_rhythm_min_gaps') }} as is_own_rhythm,
    at_risk_after_days,
    churn_after_days,
    is_return
from returns
