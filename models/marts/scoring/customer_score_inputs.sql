{{ config(contract={'enforced': true}) }}
{#- the inputs of seed scoring_inputs, each a column of input_values below -#}
{%- set input_names = seed_column_values('scoring_inputs', ['input_name']) %}

-- Every input of every customer score, one row per customer and input of seed scoring_inputs: the raw
-- value, whether it was observed, and its 0-100 score (method and bounds from the seed). This is the
-- explanation of customer_scores: each sub-score is the weighted mean of its inputs here.
-- Missing inputs are never silently 0: an input with no value is left out of its dimension's mean (its
-- weight goes to the other inputs) or, when the seed gives a missing_score, takes that neutral score;
-- either way it lowers the customer's score_confidence. Observed zeros (no complaint, no inquiry) are
-- real values, not missing.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

engagements as (
    select * from {{ ref('int_customer_engagements_summarized') }}
),

value_tiers as (
    select * from {{ ref('customer_value_tiers') }}
),

clv as (
    select * from {{ ref('customer_clv') }}
),

purchase_mix as (
    select * from {{ ref('int_customer_purchase_mix') }}
),

income_bands as (
    select * from {{ ref('income_bands') }}
),

occupation_tiers as (
    select * from {{ ref('scoring_occupation_tiers') }}
),

-- staging maps every system's level label to basic / silver / gold / platinum with its rank
member_levels as (
    select distinct
        member_level,
        member_level_rank
    from {{ ref('member_level_map') }}
),

scoring_inputs as (
    select * from {{ ref('scoring_inputs') }}
),

scoring_weights as (
    select * from {{ ref('scoring_weights') }}
),

-- one column per input of seed scoring_inputs, named like the seed's `input_name`; NULL = not observed
input_values as (
    select
        customers.customer_id,

        -- needs
        case
            when value_tiers.customer_id is null then 0
            else purchase_mix.categories_bought
        end as categories_bought,
        engagements.interactions_window,
        engagements.inquiries_window,
        {{ days_between(
            'as_of.as_of_date',
            'greatest(value_tiers.last_purchase_date, cast(engagements.last_interaction_at as date),'
            ~ ' cast(engagements.last_inquiry_at as date))'
        ) }} as days_since_last_interest,

        -- potential
        clv.predicted_clv,
        clv.p_alive,
        -- money ratios as doubles: Spark divides decimals to 6 places, DuckDB as doubles
        cast(value_tiers.revenue_window - value_tiers.revenue_previous_window as double)
        / nullif(cast(value_tiers.revenue_window + value_tiers.revenue_previous_window as double), 0)
            as revenue_trend,

        -- loyalty
        {{ days_between('as_of.as_of_date', 'value_tiers.first_purchase_date') }} as tenure_days,
        (value_tiers.purchase_days_to_date - 1) / nullif(value_tiers.purchase_days_to_date, 0)
            as repeat_purchase_share,
        engagements.latest_nps_score,
        engagements.latest_csat_score,
        case
            -- a member whose level is unknown is a member all the same: the lowest level
            when customers.is_member then coalesce(member_levels.member_level_rank, 1)
            when not customers.is_member then 0
        end as membership_level_rank,

        -- spending power
        coalesce(value_tiers.revenue_window, 0) as revenue_window,
        cast(value_tiers.revenue_to_date as double) / nullif(value_tiers.orders_to_date, 0) as average_order_value,
        income_bands.income_rank as income_band_rank,
        customers.household_size,
        occupation_tiers.spending_tier as occupation_tier,

        -- feedback
        engagements.avg_rating_0_100_window as avg_rating_window,
        engagements.weighted_complaints_window,
        engagements.complaints_resolved / nullif(engagements.complaints_total, 0) as complaint_resolution_share
    from customers
    cross join as_of
    left join engagements
        on customers.customer_id = engagements.customer_id
    left join value_tiers
        on customers.customer_id = value_tiers.customer_id
    left join clv
        on customers.customer_id = clv.customer_id
    left join purchase_mix
        on customers.customer_id = purchase_mix.customer_id
    left join income_bands
        on customers.income_band = income_bands.income_band
    left join occupation_tiers
        on lower(customers.occupation) = lower(occupation_tiers.occupation)
    left join member_levels
        on customers.member_level = member_levels.member_level
),

typed_values as (
    select
        customer_id{% for input_name in input_names %},
        cast({{ input_name }} as double) as {{ input_name }}
        {%- endfor %}
    from input_values
),

-- every customer x input of the seed (a NULL value is an input not observed), with its method and weights
{%- set grid %}
    select
        unpivoted.customer_id,
        unpivoted.input_name,
        unpivoted.input_value,
        scoring_inputs.dimension,
        scoring_inputs.scoring_method,
        scoring_inputs.lower_bound,
        scoring_inputs.upper_bound,
        scoring_inputs.weight as input_weight,
        scoring_inputs.missing_score,
        scoring_weights.weight as dimension_weight,
        coalesce(scoring_inputs.scoring_method = 'percentile' and unpivoted.input_value is not null, false)
            as is_ranked
    from (
        {{ unpivot_columns('typed_values', ['customer_id'], input_names, 'input_name', 'input_value', include_nulls=true) }}
    ) as unpivoted
    inner join scoring_inputs
        on unpivoted.input_name = scoring_inputs.input_name
    inner join scoring_weights
        on scoring_inputs.dimension = scoring_weights.dimension
{%- endset %}

-- the ranks sort only the observed values of percentile inputs (a few of the customer x input rows). The
-- grid is written out in both branches, not a CTE: a CTE read twice is materialised, 20 rows a customer,
-- where the unpivot of typed_values (one row a customer) is cheap to run twice
scored as (
    select
        grid.*,
        -- rank among the customers with a value: the lowest 0, the highest 100, ties share a rank
        100.0 * percent_rank() over (partition by grid.input_name order by grid.input_value) as observed_score
    from ({{ grid }}) as grid
    where grid.is_ranked

    union all

    select
        grid.*,
        case when grid.scoring_method = 'linear' then 100.0 * greatest(0, least(1,
            (grid.input_value - grid.lower_bound) / (grid.upper_bound - grid.lower_bound)
        )) end as observed_score
    from ({{ grid }}) as grid
    where not grid.is_ranked
)

select
    -- ids
    cast(customer_id || '|' || input_name as string) as score_input_key,
    cast(customer_id as string) as customer_id,
    cast(dimension as string) as dimension,
    cast(input_name as string) as input_name,

    -- value and score
    cast(input_value as double) as input_value,
    cast(input_value is not null as boolean) as is_observed,
    cast(case
        when input_value is not null then 'observed'
        when missing_score is not null then 'neutral'
        else 'excluded'
    end as string) as treatment,
    cast(case when input_value is not null then observed_score else missing_score end as double) as input_score,

    -- weights
    cast(scoring_method as string) as scoring_method,
    cast(input_weight as double) as input_weight,
    cast(dimension_weight as double) as dimension_weight,
    cast(dimension_weight * input_weight as double) as composite_weight
from scored
