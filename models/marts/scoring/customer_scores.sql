{{ config(contract={'enforced': true}) }}

-- One row per customer: the five dimension sub-scores of article 000 (需求 needs, 潜力 potential, 忠诚度
-- loyalty, 消费能力 spending power, 反馈 feedback), each the weighted mean of its inputs in
-- customer_score_inputs; the composite (weights of seed scoring_weights), its grade (seed
-- scoring_grades), how much of the input weight was actually observed, and the priority class with the
-- service level it gets (seed scoring_priority_classes, article 003).
-- Priority rule, in this order: the best class whose min_composite_score the composite reaches, among the
-- classes allowed for the customer: a blacklisted customer only gets a class with
-- allowed_when_blacklisted (never high), a low-confidence score only a class with
-- allowed_when_low_confidence (never high).
with

customers as (
    select * from {{ ref('dim_customers') }}
),

score_inputs as (
    select * from {{ ref('customer_score_inputs') }}
),

scoring_grades as (
    select * from {{ ref('scoring_grades') }}
),

priority_classes as (
    select * from {{ ref('scoring_priority_classes') }}
),

-- a dimension without any usable input has no score (NULL), and its weight goes to the other dimensions
dimension_scores as (
    select
        customer_id,
        dimension,
        any_value(dimension_weight) as dimension_weight,
        sum(input_weight * input_score) / nullif(sum(input_weight) filter (where input_score is not null), 0)
            as dimension_score
    from score_inputs
    group by customer_id, dimension
),

customer_totals as (
    select
        customer_id,
        round(sum(dimension_weight * dimension_score)
            / nullif(sum(dimension_weight) filter (where dimension_score is not null), 0), 1) as composite_score,
        max(round(dimension_score, 1)) filter (where dimension = 'needs') as needs_score,
        max(round(dimension_score, 1)) filter (where dimension = 'potential') as potential_score,
        max(round(dimension_score, 1)) filter (where dimension = 'loyalty') as loyalty_score,
        max(round(dimension_score, 1)) filter (where dimension = 'spending_power') as spending_power_score,
        max(round(dimension_score, 1)) filter (where dimension = 'feedback') as feedback_score
    from dimension_scores
    group by customer_id
),

input_coverage as (
    select
        customer_id,
        coalesce(sum(composite_weight) filter (where is_observed), 0) as score_confidence,
        count_if(not is_observed) as missing_inputs,
        coalesce({{ string_agg_ordered('input_name', ', ', 'dimension, input_name') }} filter (where not is_observed), '')
            as missing_input_names
    from score_inputs
    group by customer_id
),

scored as (
    select
        customers.customer_id,
        coalesce(customers.is_blacklisted, false) as is_blacklisted,
        customer_totals.needs_score,
        customer_totals.potential_score,
        customer_totals.loyalty_score,
        customer_totals.spending_power_score,
        customer_totals.feedback_score,
        customer_totals.composite_score,
        round(input_coverage.score_confidence, 4) as score_confidence,
        input_coverage.score_confidence < {{ var('scoring_min_confidence') }} as is_low_confidence,
        input_coverage.missing_inputs,
        input_coverage.missing_input_names
    from customers
    inner join customer_totals
        on customers.customer_id = customer_totals.customer_id
    inner join input_coverage
        on customers.customer_id = input_coverage.customer_id
),

graded as (
    select
        scored.customer_id,
        scoring_grades.score_grade
    from scored
    inner join scoring_grades
        on scored.composite_score >= scoring_grades.min_score
    qualify row_number() over (partition by scored.customer_id order by scoring_grades.min_score desc) = 1
),

-- the class the score alone earns, and the class the customer gets once the caps apply
score_classes as (
    select
        scored.customer_id,
        priority_classes.priority_class,
        priority_classes.priority_rank
    from scored
    inner join priority_classes
        on scored.composite_score >= priority_classes.min_composite_score
    qualify row_number() over (partition by scored.customer_id order by priority_classes.priority_rank) = 1
),

assigned_classes as (
    select
        scored.customer_id,
        priority_classes.priority_class
    from scored
    inner join priority_classes
        on scored.composite_score >= priority_classes.min_composite_score
        and (not scored.is_blacklisted or priority_classes.allowed_when_blacklisted)
        and (not scored.is_low_confidence or priority_classes.allowed_when_low_confidence)
    qualify row_number() over (partition by scored.customer_id order by priority_classes.priority_rank) = 1
)

select
    -- ids
    cast(scored.customer_id as string) as customer_id,

    -- sub-scores
    cast(scored.needs_score as double) as needs_score,
    cast(scored.potential_score as double) as potential_score,
    cast(scored.loyalty_score as double) as loyalty_score,
    cast(scored.spending_power_score as double) as spending_power_score,
    cast(scored.feedback_score as double) as feedback_score,

    -- composite
    cast(scored.composite_score as double) as composite_score,
    cast(graded.score_grade as string) as score_grade,
    cast(scored.score_confidence as double) as score_confidence,
    cast(scored.is_low_confidence as boolean) as is_low_confidence,
    cast(scored.missing_inputs as integer) as missing_inputs,
    cast(scored.missing_input_names as string) as missing_input_names,

    -- priority
    cast(scored.is_blacklisted as boolean) as is_blacklisted,
    cast(assigned_classes.priority_class as string) as priority_class,
    cast(priority_classes.label_zh as string) as priority_class_zh,
    cast(priority_classes.service_level as string) as service_level,
    cast(priority_classes.service_level_zh as string) as service_level_zh,
    cast(case
        when assigned_classes.priority_class = score_classes.priority_class then 'score'
        when scored.is_blacklisted then 'capped_blacklisted'
        else 'capped_low_confidence'
    end as string) as priority_rule,
    cast(score_classes.priority_class as string) as score_priority_class
from scored
inner join graded
    on scored.customer_id = graded.customer_id
inner join score_classes
    on scored.customer_id = score_classes.customer_id
inner join assigned_classes
    on scored.customer_id = assigned_classes.customer_id
inner join priority_classes
    on assigned_classes.priority_class = priority_classes.priority_class
