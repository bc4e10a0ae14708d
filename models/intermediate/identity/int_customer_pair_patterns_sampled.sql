-- One row per comparison pattern (combination of levels) among random record pairs, with its count.
-- Two random records are almost never the same person, so the level frequencies here estimate u, the
-- probability that two different people agree at a level by chance. var identity_u_sample_pairs pairs
-- are drawn (about: each record draws ceil(pairs / records) partners) with a deterministic hash, so the
-- same records give the same sample.
with

records as (
    select * from {{ ref('int_customer_records_prepared') }}
),

population as (
    select count(*) as record_count from records
),

-- every record draws the same number of random partners (scanning records, unlike range(), runs in
-- parallel); ubigint arithmetic because hugeint modulo is slow
draws as (
    select
        records.record_index as left_index,
        {{ unnest_range(
            'cast(ceil(' ~ var('identity_u_sample_pairs') ~ ' / greatest(population.record_count, 1)) as bigint)'
        ) }} as draw_number
    from records
    cross join population
),

pairs as (
    select
        draws.left_index,
        1 + {{ hash_mod('draws.left_index', 'draws.draw_number', 'population.record_count') }} as right_index
    from draws
    cross join population
    where population.record_count >= 2
),

compared as (
    select
        {{ identity_comparison_levels('left_records', 'right_records') }}
    from pairs
    inner join records as left_records
        on pairs.left_index = left_records.record_index
    inner join records as right_records
        on pairs.right_index = right_records.record_index
    where pairs.left_index != pairs.right_index
)

select
    -- comparison pattern
    name_level,
    birth_date_level,
    email_level,
    phone_level,
    location_level,
    gender_level,

    -- measures
    count(*) as pair_count
from compared
group by all
