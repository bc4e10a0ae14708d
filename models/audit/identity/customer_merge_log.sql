-- Append-only log of identity changes, one row per record and run that changed its customer:
--   NEW     a record seen for the first time (alone, or joining a customer: then the link says why);
--   MERGED  its customer was merged into another: retired_customer_id now lives on as customer_id;
--   MOVED   it left a customer that lives on, for another or a new one.
-- With the link that put the record in its customer (the other record, match weight and probability,
-- blocking passes). Survives --full-refresh (full_refresh: false); a dry run appends nothing.
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        full_refresh=false,
        on_schema_change='append_new_columns',
    )
}}

with

clustered as (
    select * from {{ ref('int_customer_records_clustered') }}
),

changes as (
    select * from clustered
    where
        change_type != 'UNCHANGED'
        and {{ identity_dry_run_filter() }}
)

select
    -- run
    '{{ invocation_id }}' as run_id,
    {{ build_timestamp() }} as run_at,

    -- event
    change_type as event_type,
    customer_record_key,
    source_system,
    source_customer_id,
    customer_id,
    previous_customer_id,
    retired_customer_id,
    case when change_type = 'MERGED' then customer_id end as surviving_customer_id,

    -- why
    linked_to_record_key,
    link_match_weight as match_weight,
    link_match_probability as match_probability,
    link_blocking_passes as blocking_passes,
    cluster_size as customer_record_count,
    guard_action,
    case
        when change_type = 'MERGED'
            then 'customer ' || previous_customer_id || ' merged into ' || customer_id
        when change_type = 'MOVED'
            then 'moved from customer ' || previous_customer_id || ' (which lives on) to ' || customer_id
        else 'new record in customer ' || customer_id
    end
    || case
        when linked_to_record_key is null then ': no match above the threshold, a customer of its own'
        else
            ': matches ' || linked_to_record_key
            || ' (blocking ' || {{ list_to_string('link_blocking_passes', ', ') }}
            || ', match weight ' || round(link_match_weight, 2)
            || ', probability ' || round(link_match_probability, 4) || ')'
    end as reason
from changes
