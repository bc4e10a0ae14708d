{{ config(contract={'enforced': true}) }}

-- Net Promoter Score per value of every segment dimension of customer_segments (macro
-- segment_dimensions), over all NPS answers to date of the segment's customers. Answers of respondents
-- that match no customer cannot be placed in a segment and are left out. Segment values without any NPS
-- answer are absent.
with

segments as (
    select * from {{ ref('customer_segments') }}
),

responses as (
    select * from {{ ref('fct_survey_responses') }}
    where survey_type = 'nps'
        and customer_id is not null
),

segment_values as (
    {{ unpivot_segments('segments') }}
),

grouped as (
    select
        segment_values.segment_dimension,
        segment_values.segment_value,
        any_value(segment_values.segment_value_zh) as segment_value_zh,
        count(*) as responses,
        count(distinct responses.customer_id) as respondents,
        count_if(responses.is_promoter) as promoters,
        count_if(responses.is_passive) as passives,
        count_if(responses.is_detractor) as detractors
    from responses
    inner join segment_values
        on responses.customer_id = segment_values.customer_id
    group by segment_values.segment_dimension, segment_values.segment_value
)

select
    -- ids
    cast(segment_dimension || '|' || segment_value as string) as segment_key,
    cast(segment_dimension as string) as segment_dimension,
    cast(segment_value as string) as segment_value,
    cast(segment_value_zh as string) as segment_value_zh,

    -- counts
    cast(responses as bigint) as responses,
    cast(respondents as bigint) as respondents,
    cast(promoters as bigint) as promoters,
    cast(passives as bigint) as passives,
    cast(detractors as bigint) as detractors,

    -- shares and score
    cast({{ percent_of('promoters', 'responses') }} as double) as pct_promoters,
    cast({{ percent_of('detractors', 'responses') }} as double) as pct_detractors,
    cast({{ net_promoter_score('promoters', 'detractors', 'responses') }} as double) as nps,
    responses < {{ var('nps_min_responses') }} as is_small_sample
from grouped
