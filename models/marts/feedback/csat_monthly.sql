{{ config(contract={'enforced': true}) }}

-- Customer satisfaction per calendar month of the answer: average score (1-5) and CSAT %, the share of
-- answers in the satisfied band of seed scoring_survey_bands (top-two box, 4-5).
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where survey_type = 'csat'
),

monthly as (
    select
        response_month,
        count(*) as responses,
        count(distinct customer_id) as respondents,
        count_if(is_satisfied) as satisfied,
        count_if(response_band = 'neutral') as neutral,
        count_if(is_dissatisfied) as dissatisfied,
        avg(score) as avg_score
    from responses
    group by response_month
)

select
    -- ids
    cast(response_month as date) as response_month,

    -- counts
    cast(responses as bigint) as responses,
    cast(respondents as bigint) as respondents,
    cast(satisfied as bigint) as satisfied,
    cast(neutral as bigint) as neutral,
    cast(dissatisfied as bigint) as dissatisfied,

    -- scores
    cast(avg_score as double) as avg_score,
    cast({{ percent_of('satisfied', 'responses') }} as double) as csat_pct,
    cast({{ percent_of('dissatisfied', 'responses') }} as double) as pct_dissatisfied,
    responses < {{ var('nps_min_responses') }} as is_small_sample
from monthly
