{{ config(
    contract={'enforced': true},
    materialized=delta_materialization('orders'),
    incremental_strategy='replace_recomputed_rows',
    recomputed_rows='snapshots',
    on_schema_change='append_new_columns',
) }}
-- depends_on: {{ ref('base_raw__orders') }}

-- Funnel stage and activity status at every snapshot day of int_value_snapshot_dates (month ends, and
-- as_of_date for the current month): one row per snapshot and customer known by then (a customer with
-- no dated record or event counts as known from the start). Same rules as customer_lifecycle. A
-- snapshot depends on what happened up to it only, so a delta build of orders recomputes only the
-- snapshots from the earliest changed order day (or the old current month) on (incremental strategy
-- replace_recomputed_rows).
with

snapshots as (
    select * from {{ ref('int_value_snapshot_dates') }}
    {{ delta_rows_only() }}
),

milestones as (
    select * from {{ ref('int_funnel_milestones_dated') }}
),

spells as (
    select
        *,
        -- the open spell runs on; a plain column (no expression over both sides) keeps a hash join
        coalesce(valid_until, cast('9999-12-31' as date)) as valid_through
    from {{ ref('int_activity_spells_derived') }}
),

customer_months as (
    select
        snapshots.month_start,
        snapshots.snapshot_date,
        snapshots.is_current_month,
        milestones.*
    from snapshots
    -- a customer without a dated record or event counts as known from the start
    inner join milestones
        on coalesce(milestones.known_on, snapshots.snapshot_date) <= snapshots.snapshot_date
),

staged as (
    select
        *,
        case
            when after_sale_on <= snapshot_date then 'after_sale'
            when first_purchase_on <= snapshot_date then 'customer'
            when intent_on <= snapshot_date then 'intent'
            else 'potential'
        end as funnel_stage
    from customer_months
),

with_status as (
    select
        staged.*,
        coalesce(spells.activity_status, 'never_purchased') as activity_status,
        spells.valid_from as activity_status_since
    from staged
    left join spells
        on
            staged.customer_id = spells.customer_id
            and staged.snapshot_date between spells.valid_from and spells.valid_through
)

select
    -- ids
    cast(snapshot_date as date) as snapshot_date,
    cast(customer_id as string) as customer_id,

    -- timestamps
    cast(month_start as date) as month_start,
    cast(is_current_month as boolean) as is_current_month,

    -- lifecycle
    cast(funnel_stage as string) as funnel_stage,
    cast(activity_status as string) as activity_status,
    cast(activity_status_since as date) as activity_status_since
from with_status
