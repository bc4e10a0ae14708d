-- One row per customer with more than one record: how tightly its records hang together. A customer held
-- together by a weak weakest link, or with few matched pairs among its records (low density), is where
-- to look for a false merge; guard_action tells what the giant-cluster guard did.
with

clustered as (
    select * from {{ ref('int_customer_records_clustered') }}
),

scored as (
    select * from {{ ref('int_customer_pairs_scored') }}
),

customers as (
    select
        customer_id,
        any_value(cluster_key) as cluster_key,
        count(*) as record_count,
        count(distinct source_system) as source_count,
        any_value(guard_action) as guard_action,
        any_value(cluster_weakest_link_weight) as weakest_link_weight
    from clustered
    group by customer_id
    having count(*) > 1
),

internal_pairs as (
    select
        left_records.customer_id,
        count(*) as candidate_pairs,
        count(*) filter (where scored.is_match) as matched_pairs,
        min(scored.match_weight) filter (where scored.is_match) as min_matched_weight,
        -- 9 decimals: a float mean's last bit follows the order rows arrive in, which differs between
        -- two builds of the same data; the rounded value does not
        round(avg(scored.match_weight) filter (where scored.is_match), 9) as avg_matched_weight,
        max(scored.match_weight) as max_weight
    from scored
    inner join clustered as left_records
        on scored.left_record_key = left_records.customer_record_key
    inner join clustered as right_records
        on scored.right_record_key = right_records.customer_record_key
    where left_records.customer_id = right_records.customer_id
    group by left_records.customer_id
)

select
    -- ids
    customers.customer_id,
    customers.cluster_key,

    -- size
    customers.record_count,
    customers.source_count,

    -- cohesion
    customers.weakest_link_weight,
    customers.weakest_link_weight < {{ var('identity_strong_link_weight') }} as is_weakly_linked,
    coalesce(internal_pairs.candidate_pairs, 0) as candidate_pairs,
    coalesce(internal_pairs.matched_pairs, 0) as matched_pairs,
    coalesce(internal_pairs.matched_pairs, 0) / (customers.record_count * (customers.record_count - 1) / 2.0)
        as matched_pair_density,
    internal_pairs.min_matched_weight,
    internal_pairs.avg_matched_weight,
    internal_pairs.max_weight,

    -- guard
    customers.guard_action
from customers
left join internal_pairs
    on customers.customer_id = internal_pairs.customer_id
