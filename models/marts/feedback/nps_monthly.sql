{{ config(contract={'enforced': true}) }}

-- Net Promoter Score per calendar month of the answer, over every NPS response of the month (a
-- customer who answers twice counts twice, as in the survey tool). Months without NPS answers are absent.
with

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where survey_type = 'nps'
),

monthly as (
    select
        response_month,
        count(*) as responses,
        count(distinct customer_id) as respondents,
        count_if(is_promoter) as promoters,
        count_if(is_passive) as passives,
        count_if(is_detractor) as detractors
    from responses
    group by response_month
)

select
    -- ids
    cast(response_month as date) as response_month,

    -- counts
    cast(responses as bigint) as responses,
    cast(respondents as bigint) as respondents,
    cast(promoters as bigint) as promoters,
    cast(passives as bigint) as passives,
    cast(detractors as bigint) as detractors,

    -- shares and score
    cast({{ percent_of('promoters', 'responses') }} as double) as pct_promoters,
    cast({{ percent_of('passives', 'responses') }} as double) as pct_passives,
    cast({{ percent_of('detractors', 'responses') }} as double) as pct_detractors,
    cast({{ net_promoter_score('promoters', 'detractors', 'responses') }} as double) as nps,
    responses < {{ var('nps_min_responses') }} as is_small_sample
from monthly
