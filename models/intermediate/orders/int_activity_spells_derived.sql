-- Activity status history: one row per customer and spell of one status (new, active, at_risk,
-- churned, reactivated) up to as_of_date, with the day it began and ended. Between two purchase days
-- the status can only change on a few days (the new window ends, the at-risk or churn threshold is
-- crossed, the reactivated window ends), so those days are evaluated and equal neighbours merged. A
-- delta build of orders recomputes only the customers whose orders it changed or whose current spell
-- can end before the new as_of_date (macro activity_changed_customers, incremental strategy
-- replace_recomputed_rows).
{{ config(
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='activity',
) }}
-- depends_on: {{ ref('base_raw__orders') }}
-- depends_on: {{ ref('int_customer_records_clustered') }}
with

purchase_days as (
    select * from {{ ref('int_purchase_days_sequenced') }}
    {{ delta_rows_only() }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

states as (
    -- the state set by each purchase lasts until the day before the next purchase (or as_of_date)
    select
        purchase_days.*,
        coalesce(purchase_days.next_purchase_date - 1, as_of.as_of_date) as state_until
    from purchase_days
    cross join as_of
),

change_days as (
    select
        *,
        purchase_date as status_day
    from states
    union all
    select
        *,
        first_purchase_date + {{ var('lifecycle_new_window_days') }} + 1 as status_day
    from states
    union all
    select
        *,
        purchase_date + at_risk_after_days + 1 as status_day
    from states
    union all
    select
        *,
        purchase_date + churn_after_days + 1 as status_day
    from states
    union all
    select
        *,
        last_return_date + {{ var('lifecycle_reactivated_window_days') }} + 1 as status_day
    from states
    where last_return_date is not null
),

evaluated as (
    -- precedence: churned > new > at_risk > reactivated > active
    select distinct
        customer_id,
        status_day,
        case
            when {{ days_between('status_day', 'purchase_date') }} > churn_after_days then 'churned'
            when {{ days_between('status_day', 'first_purchase_date') }} <= {{ var('lifecycle_new_window_days') }} then 'new'
            when {{ days_between('status_day', 'purchase_date') }} > at_risk_after_days then 'at_risk'
            when {{ days_between('status_day', 'last_return_date') }} <= {{ var('lifecycle_reactivated_window_days') }} then 'reactivated'
            else 'active'
        end as activity_status
    from change_days
    where status_day between purchase_date and state_until
),

changes as (
    select
        *,
        lag(activity_status) over (partition by customer_id order by status_day) as previous_status
    from evaluated
),

spells as (
    select
        customer_id,
        activity_status,
        status_day as valid_from,
        lead(status_day) over (partition by customer_id order by status_day) - 1 as valid_until
    from changes
    where
        previous_status is null
        or activity_status != previous_status
)

select
    -- ids
    customer_id,

    -- attributes
    activity_status,

    -- timestamps
    valid_from,
    valid_until,
    valid_until is null as is_current
from spells
