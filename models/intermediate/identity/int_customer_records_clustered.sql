-- The identity contract: one row per clean source customer record with the persistent customer_id of
-- the real customer it belongs to (one golden record in marts.dim_customers), plus how it was linked.
-- customer_record_key, source_system, source_customer_id and customer_id are the contract other marts
-- build on. On a dry run (var identity_dry_run) the table keeps what it published last time.
{%- if identity_keep_published() %}

    select * from {{ this }}
{%- else %}

    with

    assigned as (
        select * from {{ ref('int_customer_ids_assigned') }}
    ),

    scored as (
        select * from {{ ref('int_customer_pairs_scored') }}
    ),

    links as (
        select
            assigned.customer_record_key,
            scored.match_probability as link_match_probability,
            scored.blocking_passes as link_blocking_passes
        from assigned
        inner join scored
            on
                least(assigned.customer_record_key, assigned.linked_to_record_key) = scored.left_record_key
                and greatest(assigned.customer_record_key, assigned.linked_to_record_key) = scored.right_record_key
    )

    select
    -- ids
        assigned.customer_record_key,
        assigned.source_system,
        assigned.source_customer_id,
        assigned.customer_id,

        -- cluster
        assigned.cluster_key,
        assigned.cluster_size,
        assigned.guard_action,
        assigned.cluster_weakest_link_weight,

        -- best link inside the customer
        assigned.linked_to_record_key,
        assigned.link_match_weight,
        links.link_match_probability,
        links.link_blocking_passes,

        -- change in this run
        assigned.change_type,
        assigned.previous_customer_id,
        assigned.retired_customer_id
    from assigned
    left join links
        on assigned.customer_record_key = links.customer_record_key
    where {{ identity_dry_run_filter() }}
{%- endif %}
