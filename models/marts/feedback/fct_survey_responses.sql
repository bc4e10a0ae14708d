{{ config(contract={'enforced': true}) }}

-- One row per clean survey response with its band and the score on a 0-100 scale (both set in
-- int_surveys_joined_to_customers from seeds scoring_survey_bands and survey_types).
with

responses as (
    select * from {{ ref('int_surveys_joined_to_customers') }}
)

select
    -- ids
    cast(response_id as string) as response_id,
    cast(customer_id as string) as customer_id,

    -- timestamps
    cast(responded_at as timestamp) as responded_at,
    cast(responded_date as date) as responded_date,
    cast(date_trunc('month', responded_date) as date) as response_month,

    -- answer
    cast(survey_type as string) as survey_type,
    cast(score as integer) as score,
    cast(score_0_100 as double) as score_0_100,
    cast(response_band as string) as response_band,
    cast(response_band_en as string) as response_band_en,
    cast(response_band_zh as string) as response_band_zh,
    coalesce(survey_type = 'nps' and response_band = 'promoter', false) as is_promoter,
    coalesce(survey_type = 'nps' and response_band = 'passive', false) as is_passive,
    coalesce(survey_type = 'nps' and response_band = 'detractor', false) as is_detractor,
    coalesce(survey_type = 'csat' and response_band = 'satisfied', false) as is_satisfied,
    coalesce(survey_type = 'csat' and response_band = 'dissatisfied', false) as is_dissatisfied,
    cast(has_comment as boolean) as has_comment
from responses
