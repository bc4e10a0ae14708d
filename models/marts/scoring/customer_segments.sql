{{ config(contract={'enforced': true}) }}
{#- the metrics the rules of seed segment_temperament_rules read, each a column of temperament_metrics -#}
{%- set rule_metrics = seed_column_values('segment_temperament_rules', ['metric', 'evidence_metric']) %}

-- One row per customer with every segment the business sorts customers by, each with its English code
-- and Chinese label (article 002: 按消费档次, 按情感标签, 按年龄阶段, 按会员制; article 003: 人口统计 and
-- 行为数据). Every threshold, band and label is a seed; an unknown attribute is the segment `unknown`
-- (never dropped, so every segment adds up to all customers). Behaviour is measured up to as_of_date.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

value_tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

rfm as (
    select * from {{ ref('customer_rfm') }}
),

-- per customer: top category, preferred channel, rhythm of purchase days (completed orders up to as_of_date)
purchase_mix as (
    select * from {{ ref('int_customer_purchase_mix') }}
),

engagements as (
    select * from {{ ref('int_customer_engagements_summarized') }}
),

age_bands as (
    select * from {{ ref('age_bands') }}
),

birth_cohorts as (
    select * from {{ ref('segment_birth_cohorts') }}
),

city_tiers as (
    select * from {{ ref('city_tiers') }}
),

income_bands as (
    select * from {{ ref('income_bands') }}
),

household_bands as (
    select * from {{ ref('segment_household_size_bands') }}
),

frequency_bands as (
    select * from {{ ref('segment_frequency_bands') }}
),

discount_bands as (
    select * from {{ ref('segment_discount_bands') }}
),

temperament_rules as (
    select * from {{ ref('segment_temperament_rules') }}
),

labels as (
    select * from {{ ref('segment_labels') }}
),

-- temperament tags (情感标签): one metric per rule of seed segment_temperament_rules ------------------------

temperament_metrics as (
    select
        customers.customer_id,
        cast(coalesce(engagements.complaints_total, 0) as double) as complaints_total,
        cast(coalesce(engagements.complaints_total, 0) as double)
        / greatest(coalesce(value_tiers.orders_to_date, 0), 1) as complaints_per_order,
        cast(coalesce(engagements.survey_responses_total, 0) as double) as survey_responses_total,
        cast(value_tiers.customer_type_reason = 'price_driven' as double) as is_price_driven,
        cast(coalesce(value_tiers.orders_to_date, 0) as double) as orders_to_date,
        cast(coalesce(value_tiers.purchase_days_to_date, 0) as double) as purchase_days,
        cast(purchase_mix.purchase_gap_cv as double) as purchase_gap_cv,
        cast(purchase_mix.top_category_share as double) as top_category_share
    from customers
    left join engagements
        on customers.customer_id = engagements.customer_id
    left join value_tiers
        on customers.customer_id = value_tiers.customer_id
    left join purchase_mix
        on customers.customer_id = purchase_mix.customer_id
),

metric_values as (
    {{ unpivot_columns('temperament_metrics', ['customer_id'], rule_metrics, 'metric', 'metric_value') }}
),

-- one bit per rule, in priority order (seed segment_temperament_rules accepts five temperaments)
rule_bits as (
    select
        *,
        {{ item_bit('priority, temperament') }} as rule_bit
    from temperament_rules
),

-- the rules each customer meets, as the sum of their bits
customer_tag_sets as (
    select
        measured.customer_id,
        sum(rule_bits.rule_bit) as tag_bits
    from rule_bits
    inner join metric_values as measured
        on rule_bits.metric = measured.metric
    inner join metric_values as evidence
        on rule_bits.evidence_metric = evidence.metric
        and measured.customer_id = evidence.customer_id
    where evidence.metric_value >= rule_bits.min_evidence
        and case rule_bits.comparison
            when '>=' then measured.metric_value >= rule_bits.threshold
            when '<=' then measured.metric_value <= rule_bits.threshold
        end
    group by measured.customer_id
),

-- the tags of each set of rules, spelled once per set (at most 32) instead of once per customer: three
-- ordered string_aggs over every customer's tags took a third of this model's time
tag_sets as (
    select
        bit_sets.tag_bits,
        {{ string_agg_ordered('rule_bits.temperament', ', ', 'rule_bits.rule_bit') }} as temperament_tags,
        {{ string_agg_ordered('rule_bits.label_en', ', ', 'rule_bits.rule_bit') }} as temperament_tags_en,
        {{ string_agg_ordered('rule_bits.label_zh', '、', 'rule_bits.rule_bit') }} as temperament_tags_zh,
        min_by(rule_bits.temperament, rule_bits.rule_bit) as primary_temperament,
        count(*) as temperament_tag_count
    from {{ bit_set_members('customer_tag_sets', 'tag_bits', 'rule_bits', 'rule_bit') }}
    group by bit_sets.tag_bits
),

temperament_summary as (
    select
        customer_tag_sets.customer_id,
        tag_sets.temperament_tags,
        tag_sets.temperament_tags_en,
        tag_sets.temperament_tags_zh,
        tag_sets.primary_temperament,
        tag_sets.temperament_tag_count
    from customer_tag_sets
    inner join tag_sets
        on customer_tag_sets.tag_bits = tag_sets.tag_bits
),

-- one row per customer --------------------------------------------------------------------------------

attributes as (
    select
        customers.customer_id,
        {{ years_between('as_of.as_of_date', 'customers.birth_date') }} as age,
        coalesce(customers.birth_year, year(customers.birth_date)) as birth_year,
        coalesce(customers.gender, 'unknown') as gender,
        customers.province,
        customers.city,
        customers.country,
        coalesce(customers.marital_status, 'unknown') as marital_status,
        customers.household_size,
        customers.income_band,
        case
            when customers.is_member then 'member'
            when not customers.is_member then 'non_member'
            else 'unknown'
        end as membership_status,
        customers.member_level,
        coalesce(value_tiers.orders_window, 0) as orders_window,
        value_tiers.discount_share,
        value_tiers.value_tier,
        value_tiers.value_tier_zh,
        rfm.rfm_segment,
        rfm.rfm_segment_zh
    from customers
    cross join as_of
    left join value_tiers
        on customers.customer_id = value_tiers.customer_id
    left join rfm
        on customers.customer_id = rfm.customer_id
),

-- a value falls in the band whose [min, max] holds it; where bands share an edge (discount shares) the
-- band with the highest minimum wins, then the narrowest, so a share of 0 is `none` and 0.1 `medium`
age_banded as (
    select
        attributes.customer_id,
        age_bands.age_band
    from attributes
    inner join age_bands
        on attributes.age between age_bands.min_age and age_bands.max_age
    qualify row_number() over (partition by attributes.customer_id order by age_bands.min_age desc) = 1
),

frequency_banded as (
    select
        attributes.customer_id,
        frequency_bands.frequency_band
    from attributes
    inner join frequency_bands
        on attributes.orders_window between frequency_bands.min_orders and frequency_bands.max_orders
    qualify row_number() over (partition by attributes.customer_id order by frequency_bands.min_orders desc) = 1
),

household_banded as (
    select
        attributes.customer_id,
        household_bands.household_size_band
    from attributes
    inner join household_bands
        on attributes.household_size between household_bands.min_size and household_bands.max_size
    qualify row_number() over (partition by attributes.customer_id order by household_bands.min_size desc) = 1
),

discount_banded as (
    select
        attributes.customer_id,
        discount_bands.discount_sensitivity
    from attributes
    inner join discount_bands
        on attributes.discount_share between discount_bands.min_discount_share and discount_bands.max_discount_share
    qualify row_number() over (
        partition by attributes.customer_id
        order by discount_bands.min_discount_share desc, discount_bands.max_discount_share asc
    ) = 1
),

banded as (
    select
        attributes.*,
        age_banded.age_band,
        frequency_banded.frequency_band as purchase_frequency_band,
        household_banded.household_size_band,
        discount_banded.discount_sensitivity
    from attributes
    left join age_banded
        on attributes.customer_id = age_banded.customer_id
    left join frequency_banded
        on attributes.customer_id = frequency_banded.customer_id
    left join household_banded
        on attributes.customer_id = household_banded.customer_id
    left join discount_banded
        on attributes.customer_id = discount_banded.customer_id
)

select
    -- ids
    cast(banded.customer_id as string) as customer_id,

    -- demographic: age
    cast(banded.age as integer) as age,
    cast(coalesce(banded.age_band, 'unknown') as string) as age_band,
    cast(coalesce(age_bands.label_zh, '未知') as string) as age_band_zh,
    cast(banded.birth_year as integer) as birth_year,
    cast(coalesce(birth_cohorts.birth_cohort, 'unknown') as string) as birth_cohort,
    cast(coalesce(birth_cohorts.label_zh, '未知') as string) as birth_cohort_zh,

    -- demographic: person and household
    cast(banded.gender as string) as gender,
    cast(gender_labels.label_zh as string) as gender_zh,
    cast(banded.marital_status as string) as marital_status,
    cast(marital_labels.label_zh as string) as marital_status_zh,
    cast(banded.household_size as integer) as household_size,
    cast(coalesce(banded.household_size_band, 'unknown') as string) as household_size_band,
    cast(coalesce(household_bands.label_zh, '未知') as string) as household_size_band_zh,
    cast(coalesce(income_bands.income_band, 'unknown') as string) as income_band,
    cast(coalesce(income_bands.label_zh, '未知') as string) as income_band_zh,
    cast(income_bands.income_rank as integer) as income_band_rank,

    -- demographic: place
    cast(coalesce(banded.country, 'unknown') as string) as country,
    cast(coalesce(banded.province, 'unknown') as string) as province,
    cast(coalesce(banded.city, 'unknown') as string) as city,
    cast(coalesce(city_tiers_zh.city_tier, city_tiers_en.city_tier, 'unknown') as string) as city_tier,
    cast(coalesce(city_tiers_zh.city_tier_zh, city_tiers_en.city_tier_zh, '未知') as string) as city_tier_zh,

    -- behaviour
    cast(banded.orders_window as integer) as orders_window,
    cast(banded.purchase_frequency_band as string) as purchase_frequency_band,
    cast(frequency_bands.label_zh as string) as purchase_frequency_band_zh,
    cast(coalesce(purchase_mix.top_category, 'unknown') as string) as top_category,
    cast(purchase_mix.top_category_share as double) as top_category_share,
    cast(coalesce(purchase_mix.preferred_channel, 'unknown') as string) as preferred_channel,
    cast(purchase_mix.preferred_channel_share as double) as preferred_channel_share,
    cast(banded.discount_share as double) as discount_share,
    cast(coalesce(banded.discount_sensitivity, 'unknown') as string) as discount_sensitivity,
    cast(coalesce(discount_bands.label_zh, '未知') as string) as discount_sensitivity_zh,

    -- membership
    cast(banded.membership_status as string) as membership_status,
    cast(membership_labels.label_zh as string) as membership_status_zh,
    cast(case
        when banded.membership_status = 'member' then coalesce(banded.member_level, 'unknown')
        else 'none'
    end as string) as member_level,
    cast(case
        when banded.membership_status = 'member' then coalesce(level_labels.label_zh, '未知')
        else '无'
    end as string) as member_level_zh,

    -- value (from the value marts, repeated here so segment_profiles can profile them)
    cast(coalesce(banded.value_tier, 'none') as string) as value_tier,
    cast(coalesce(banded.value_tier_zh, '无') as string) as value_tier_zh,
    cast(coalesce(banded.rfm_segment, 'none') as string) as rfm_segment,
    cast(coalesce(banded.rfm_segment_zh, '无') as string) as rfm_segment_zh,

    -- temperament (情感标签)
    cast(coalesce(temperament_summary.primary_temperament, 'untagged') as string) as primary_temperament,
    cast(coalesce(primary_rules.label_en, untagged_labels.label_en) as string) as primary_temperament_en,
    cast(coalesce(primary_rules.label_zh, untagged_labels.label_zh) as string) as primary_temperament_zh,
    cast(coalesce(temperament_summary.temperament_tags, '') as string) as temperament_tags,
    cast(coalesce(temperament_summary.temperament_tags_en, '') as string) as temperament_tags_en,
    cast(coalesce(temperament_summary.temperament_tags_zh, '') as string) as temperament_tags_zh,
    cast(coalesce(temperament_summary.temperament_tag_count, 0) as integer) as temperament_tag_count,
    coalesce((', ' || temperament_summary.temperament_tags || ', ') like '%, complaint_heavy, %', false)
        as is_complaint_heavy,
    coalesce((', ' || temperament_summary.temperament_tags || ', ') like '%, deal_seeker, %', false)
        as is_deal_seeker,
    coalesce((', ' || temperament_summary.temperament_tags || ', ') like '%, orderly_repeat_buyer, %', false)
        as is_orderly_repeat_buyer,
    coalesce((', ' || temperament_summary.temperament_tags || ', ') like '%, clear_buyer, %', false)
        as is_clear_buyer,
    coalesce((', ' || temperament_summary.temperament_tags || ', ') like '%, silent, %', false)
        as is_silent
from banded
left join age_bands
    on banded.age_band = age_bands.age_band
left join birth_cohorts
    on floor(banded.birth_year / 10) * 10 = birth_cohorts.birth_decade
left join labels as gender_labels
    on gender_labels.segment = 'gender'
    and banded.gender = gender_labels.code
left join labels as marital_labels
    on marital_labels.segment = 'marital_status'
    and banded.marital_status = marital_labels.code
left join labels as membership_labels
    on membership_labels.segment = 'membership_status'
    and banded.membership_status = membership_labels.code
left join labels as untagged_labels
    on untagged_labels.segment = 'temperament'
    and untagged_labels.code = 'untagged'
left join household_bands
    on banded.household_size_band = household_bands.household_size_band
left join income_bands
    on banded.income_band = income_bands.income_band
-- a city is written 深圳, 深圳市 or Shenzhen
left join city_tiers as city_tiers_zh
    on {{ regexp_replace_all('banded.city', '市$', '') }} = city_tiers_zh.city
left join city_tiers as city_tiers_en
    on lower(banded.city) = lower(city_tiers_en.city_en)
left join frequency_bands
    on banded.purchase_frequency_band = frequency_bands.frequency_band
left join discount_bands
    on banded.discount_sensitivity = discount_bands.discount_sensitivity
left join labels as level_labels
    on level_labels.segment = 'member_level'
    and banded.member_level = level_labels.code
left join purchase_mix
    on banded.customer_id = purchase_mix.customer_id
left join temperament_summary
    on banded.customer_id = temperament_summary.customer_id
left join temperament_rules as primary_rules
    on temperament_summary.primary_temperament = primary_rules.temperament
