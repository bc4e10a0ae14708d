-- What this run of identity resolution does (or, on a dry run, would do): one row per current record
-- whose customer_id is new or differs from the registry's - NEW, MOVED or MERGED - with the id before
-- and after. Built on every run; on a dry run (var identity_dry_run) nothing else is written.
with

assigned as (
    select * from {{ ref('int_customer_ids_assigned') }}
)

select
    -- run
    '{{ invocation_id }}' as run_id,
    {{ build_timestamp() }} as run_at,
    {{ 'true' if var('identity_dry_run') else 'false' }} as is_dry_run,

    -- change
    change_type,
    customer_record_key,
    source_system,
    source_customer_id,
    previous_customer_id,
    customer_id,
    retired_customer_id,

    -- why
    linked_to_record_key,
    link_match_weight as match_weight,
    cluster_size as customer_record_count
from assigned
where change_type != 'UNCHANGED'
