-- One row per current customer record with the persistent customer_id this run gives it, the id it held
-- before (registry int_customer_id_registry as of the start of the run) and what changed:
--   NEW        the record had no id yet;
--   UNCHANGED  same id as before;
--   MERGED     its old id was retired into the id of the cluster it now belongs to;
--   MOVED      it left its old customer, which lives on, for another (or a new) one.
-- Rules (docs/identity-resolution.md, "Persistent ids"): an existing id stays with the cluster holding
-- most of its records; a cluster owning several ids keeps the oldest (first seen, then smallest) and
-- retires the others into it; a cluster owning none gets 'C' + 12 hex of md5(its smallest record key),
-- so rebuilding the same data into an empty warehouse gives the same ids.
{%- set registry = identity_registry_relation() %}
with

linked as (
    select * from {{ ref('int_customer_records_linked') }}
),

records as (
    select * from {{ ref('int_customer_records_prepared') }}
),

registry as (
    {%- if registry is not none %}
    select
        customer_record_key,
        customer_id,
        first_seen_at
    from {{ registry }}
    {%- else %}
        select
            cast(null as string) as customer_record_key,
            cast(null as string) as customer_id,
            cast(null as timestamp) as first_seen_at
        where false
    {%- endif %}
),

clusters as (
    select
        records.customer_record_key,
        records.source_system,
        records.source_customer_id,
        cluster_records.customer_record_key as cluster_key,
        linked.cluster_size,
        linked.guard_action,
        linked.cluster_weakest_link_weight,
        linked_records.customer_record_key as linked_to_record_key,
        linked.link_match_weight
    from linked
    inner join records
        on linked.record_index = records.record_index
    inner join records as cluster_records
        on linked.cluster_index = cluster_records.record_index
    left join records as linked_records
        on linked.linked_to_index = linked_records.record_index
),

previous as (
    select
        clusters.*,
        registry.customer_id as previous_customer_id
    from clusters
    left join registry
        on clusters.customer_record_key = registry.customer_record_key
),

id_ages as (
    select
        customer_id,
        min(first_seen_at) as id_first_seen_at
    from registry
    group by customer_id
),

claims as (
    select
        cluster_key,
        previous_customer_id as customer_id,
        count(*) as records_holding
    from previous
    where previous_customer_id is not null
    group by cluster_key, previous_customer_id
),

-- an existing id stays with the cluster that holds most of its records
owners as (
    select * from claims
    qualify row_number() over (partition by customer_id order by records_holding desc, cluster_key asc) = 1
),

-- a cluster keeps the oldest id it owns
survivors as (
    select
        owners.cluster_key,
        owners.customer_id
    from owners
    inner join id_ages
        on owners.customer_id = id_ages.customer_id
    qualify row_number() over (
        partition by owners.cluster_key order by id_ages.id_first_seen_at, owners.customer_id
    ) = 1
),

retired as (
    select
        owners.customer_id as retired_customer_id,
        survivors.customer_id as surviving_customer_id
    from owners
    inner join survivors
        on owners.cluster_key = survivors.cluster_key
    where owners.customer_id != survivors.customer_id
),

registry_ids as (
    select distinct customer_id from registry
),

new_clusters as (
    select distinct
        previous.cluster_key,
        'C' || left(md5(previous.cluster_key), 12) as derived_id
    from previous
    anti join survivors
        on previous.cluster_key = survivors.cluster_key
),

-- a derived id still held by another customer (its anchor record moved away) gets a second derivation
new_ids as (
    select
        new_clusters.cluster_key,
        case
            when taken.customer_id is not null then 'C' || left(md5(new_clusters.cluster_key || '#2'), 12)
            else new_clusters.derived_id
        end as customer_id
    from new_clusters
    left join registry_ids as taken
        on new_clusters.derived_id = taken.customer_id
),

assigned as (
    select
        previous.*,
        coalesce(survivors.customer_id, new_ids.customer_id) as customer_id
    from previous
    left join survivors
        on previous.cluster_key = survivors.cluster_key
    left join new_ids
        on previous.cluster_key = new_ids.cluster_key
)

select
    -- ids
    assigned.customer_record_key,
    assigned.source_system,
    assigned.source_customer_id,
    assigned.customer_id,
    assigned.previous_customer_id,

    -- change
    case
        when assigned.previous_customer_id is null then 'NEW'
        when assigned.previous_customer_id = assigned.customer_id then 'UNCHANGED'
        when retired.surviving_customer_id = assigned.customer_id then 'MERGED'
        else 'MOVED'
    end as change_type,
    case
        when retired.surviving_customer_id = assigned.customer_id then assigned.previous_customer_id
    end as retired_customer_id,

    -- cluster
    assigned.cluster_key,
    assigned.cluster_size,
    assigned.guard_action,
    assigned.cluster_weakest_link_weight,

    -- best link inside the cluster
    assigned.linked_to_record_key,
    assigned.link_match_weight
from assigned
left join retired
    on assigned.previous_customer_id = retired.retired_customer_id
