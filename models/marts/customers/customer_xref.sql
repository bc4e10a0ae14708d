-- One row per clean source customer record: which customer_id it belongs to and why - its strongest
-- match inside the customer (the other record, match weight and probability, the blocking passes that
-- found the pair), the customer's size and the cluster guard applied. A record alone in its customer
-- has no link (link_rule 'single_record'). On a dry run the table keeps what it published last time.
-- What changed since the previous build (NEW / MOVED / MERGED) is in audit.identity_run_changes, so a
-- rebuild of the same input gives the same mart.
{%- if identity_keep_published() %}

    select * from {{ this }}
{%- else %}

    with

    clustered as (
        select * from {{ ref('int_customer_records_clustered') }}
    )

    select
    -- ids
        source_system,
        source_customer_id,
        customer_record_key,
        customer_id,

        -- how the record was linked
        case
            when linked_to_record_key is null then 'single_record'
            else 'fellegi_sunter'
        end as link_rule,
        linked_to_record_key,
        link_match_weight as match_weight,
        link_match_probability as match_probability,
        link_blocking_passes as blocking_passes,

        -- customer
        cluster_size as customer_record_count,
        guard_action,
        cluster_weakest_link_weight
    from clustered
    where {{ identity_dry_run_filter() }}
{%- endif %}
