-- customer_rfm is computed at as_of_date on its own (one snapshot, not the 24-month history), with the
-- rule customer_rfm_monthly applies to every month (macro rfm_at_snapshots): its rows must be exactly
-- the history's current snapshot. Fails with every row found on one side only.
{%- set compared = [
    'customer_id', 'last_purchase_date', 'recency_days', 'frequency', 'monetary', 'rfm_code', 'rfm_segment',
] %}
with

rfm as (
    select
        as_of_date as snapshot_date,
        {{ compared | join(', ') }}
    from {{ ref('customer_rfm') }}
),

history as (
    select
        snapshot_date,
        {{ compared | join(', ') }}
    from {{ ref('customer_rfm_monthly') }}
    where is_current_month
),

only_in_rfm as (
    select * from rfm
    except all
    select * from history
),

only_in_history as (
    select * from history
    except all
    select * from rfm
)

select 'only in customer_rfm' as found, * from only_in_rfm
union all
select 'only in customer_rfm_monthly' as found, * from only_in_history
