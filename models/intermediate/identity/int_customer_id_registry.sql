-- The persistent identity registry: one row per customer record ever resolved, with the customer_id it
-- holds now. It survives `dbt build --full-refresh` (full_refresh: false) because ids must outlive
-- rebuilds: int_customer_ids_assigned reads it at the start of each run to keep existing customers'
-- ids. Records that disappear from the sources keep their row (last_seen_at stops moving). A dry run
-- (var identity_dry_run) writes nothing.
{{
    config(
        materialized=upsert_materialization(),
        unique_key='customer_record_key',
        incremental_strategy='delete+insert',
        full_refresh=false,
        on_schema_change='append_new_columns',
    )
}}

with

assigned as (
    select * from {{ ref('int_customer_ids_assigned') }}
),

{%- if is_incremental() %}

existing as (
    select * from {{ this }}
),
{%- else %}

    existing as (
        select
            cast(null as string) as customer_record_key,
            cast(null as timestamp) as first_seen_at,
            cast(null as timestamp) as assigned_at
        where false
    ),
{%- endif %}

registered as (
    select
        -- ids
        assigned.customer_record_key,
        assigned.customer_id,
        assigned.previous_customer_id,
        assigned.change_type as last_change_type,

        -- timestamps
        coalesce(existing.first_seen_at, {{ build_timestamp() }}) as first_seen_at,
        {{ build_timestamp() }} as last_seen_at,
        case
            when assigned.change_type = 'UNCHANGED' then existing.assigned_at
            else {{ build_timestamp() }}
        end as assigned_at,
        '{{ invocation_id }}' as last_run_id
    from assigned
    left join existing
        on assigned.customer_record_key = existing.customer_record_key
    where {{ identity_dry_run_filter() }}
)

select * from registered
