-- One row per change type for this run (or dry run) of identity resolution: records NEW, UNCHANGED,
-- MOVED and MERGED, the customers they end up in, and the customer ids retired by merges.
with

assigned as (
    select * from {{ ref('int_customer_ids_assigned') }}
),

change_types as (
    select change_type from (values ('NEW'), ('UNCHANGED'), ('MOVED'), ('MERGED')) as change_types (change_type)
),

counted as (
    select
        change_type,
        count(*) as records,
        count(distinct customer_id) as customers,
        count(distinct retired_customer_id) as retired_customer_ids
    from assigned
    group by change_type
)

select
    -- run
    '{{ invocation_id }}' as run_id,
    {{ build_timestamp() }} as run_at,
    {{ 'true' if var('identity_dry_run') else 'false' }} as is_dry_run,

    -- change
    change_types.change_type,
    coalesce(counted.records, 0) as records,
    coalesce(counted.customers, 0) as customers,
    coalesce(counted.retired_customer_ids, 0) as retired_customer_ids
from change_types
left join counted
    on change_types.change_type = counted.change_type
