{{ config(contract={'enforced': true}) }}
{#- the dimensions of seed scoring_weights, each scored in its own columns of customer_inputs below -#}
{%- set dimensions = seed_column_values('scoring_weights', ['dimension']) %}
-- depends_on: {{ ref('scoring_weights') }}

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

-- one bit per input, in the order the names are listed (dimension, then input); seed scoring_inputs
-- accepts at most 20 inputs, well within the 62 bits of a bigint
input_bits as (
    select
        input_name,
        {{ item_bit('dimension, input_name') }} as input_bit
    -- read from the table, not the CTE: a CTE read twice is materialised (20 rows per customer)
    from (
        select distinct
            dimension,
            input_name
        from {{ ref('customer_score_inputs') }}
    ) as inputs
),

-- one pass over the customer's inputs: per dimension its weight, its weighted points and the weight of
-- its scored inputs, and how much of the input weight was observed. Sums are exact, so the same inputs
-- give the same score in every build whatever order the rows are added in.
customer_inputs as (
    select
        score_inputs.customer_id,
        {%- for dimension in dimensions %}
        {%- set in_dimension = "score_inputs.dimension = '" ~ dimension ~ "'" %}
        any_value(score_inputs.dimension_weight) filter (where {{ in_dimension }})
            as dimension_{{ loop.index }}_weight,
        {{ exact_sum('score_inputs.input_weight * score_inputs.input_score') }} filter (where {{ in_dimension }})
            as dimension_{{ loop.index }}_points,
        {{ exact_sum('score_inputs.input_weight') }}
            filter (where {{ in_dimension }} and score_inputs.input_score is not null)
            as dimension_{{ loop.index }}_scored_weight,
        {%- endfor %}
        {{ exact_sum('score_inputs.composite_weight') }} filter (where score_inputs.is_observed) as observed_weight,
        count_if(not score_inputs.is_observed) as missing_inputs,
        coalesce(sum(input_bits.input_bit) filter (where not score_inputs.is_observed), 0) as missing_input_bits
    from score_inputs
    inner join input_bits
        on score_inputs.input_name = input_bits.input_name
    group by score_inputs.customer_id
),

-- a dimension without any usable input has no score (NULL), and its weight goes to the other dimensions;
-- quotients are cut to 9 decimals, so 7.85 / 0.2 is 39.25 (not 39.2499999...) when it is rounded to 1
dimension_scores as (
    select
        customer_id,
        {%- for dimension in dimensions %}
        dimension_{{ loop.index }}_weight,
        round(
            cast(dimension_{{ loop.index }}_points as double)
            / cast(nullif(dimension_{{ loop.index }}_scored_weight, 0) as double),
            9
        ) as dimension_{{ loop.index }}_score,
        {%- endfor %}
        cast(coalesce(observed_weight, 0) as double) as score_confidence,
        missing_inputs,
        missing_input_bits
    from customer_inputs
),

{%- set weighted_scores = [] %}
{%- set scored_weights = [] %}
{%- for dimension in dimensions %}
    {%- do weighted_scores.append(
        'coalesce(dimension_' ~ loop.index ~ '_weight * dimension_' ~ loop.index ~ '_score, 0)'
    ) %}
    {%- do scored_weights.append(
        'case when dimension_' ~ loop.index ~ '_score is not null then dimension_' ~ loop.index ~ '_weight else 0 end'
    ) %}
{%- endfor %}

customer_totals as (
    select
        customer_id,
        -- the dimensions' weighted mean, over the dimensions that have a score
        round(round(
            ({{ weighted_scores | join(' + ') }}) / nullif({{ scored_weights | join(' + ') }}, 0),
            9
        ), 1) as composite_score,
        {%- for name in ['needs', 'potential', 'loyalty', 'spending_power', 'feedback'] %}
        {%- if name in dimensions %}
        round(dimension_{{ dimensions.index(name) + 1 }}_score, 1) as {{ name }}_score,
        {%- else %}
        cast(null as double) as {{ name }}_score,
        {%- endif %}
        {%- endfor %}
        score_confidence,
        missing_inputs,
        missing_input_bits
    from dimension_scores
),

-- the names of each set of missing inputs, spelled once per set (a few hundred sets) instead of once
-- per customer: an ordered string_agg over every customer's inputs took most of this model's time
missing_input_sets as (
    select
        bit_sets.missing_input_bits,
        {{ string_agg_ordered('input_bits.input_name', ', ', 'input_bits.input_bit') }} as missing_input_names
    from {{ bit_set_members('customer_totals', 'missing_input_bits', 'input_bits', 'input_bit') }}
    group by bit_sets.missing_input_bits
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
        round(customer_totals.score_confidence, 4) as score_confidence,
        customer_totals.score_confidence < {{ var('scoring_min_confidence') }} as is_low_confidence,
        customer_totals.missing_inputs,
        coalesce(missing_input_sets.missing_input_names, '') as missing_input_names
    from customers
    inner join customer_totals
        on customers.customer_id = customer_totals.customer_id
    left join missing_input_sets
        on customer_totals.missing_input_bits = missing_input_sets.missing_input_bits
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
