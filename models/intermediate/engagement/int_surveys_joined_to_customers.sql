-- Clean survey responses with the resolved customer (identity contract), the band of the answer (seed
-- scoring_survey_bands: NPS promoter / passive / detractor, CSAT satisfied / neutral / dissatisfied) and
-- the answer rescaled to 0-100 over its survey type's range (seed survey_types), so NPS and CSAT answers
-- can be averaged. A response whose customer key has no clean customer record keeps customer_id = null:
-- it still counts in company-wide NPS and CSAT.
with

surveys as (
    select * from {{ ref('stg_raw__surveys') }}
),

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

survey_types as (
    select * from {{ ref('survey_types') }}
),

survey_bands as (
    select * from {{ ref('scoring_survey_bands') }}
),

joined as (
    select
        -- ids
        surveys.response_id,
        customer_records.customer_id,
        surveys.customer_record_key,
        surveys.source_system,

        -- timestamps
        surveys.responded_at,
        surveys.responded_date,

        -- answer
        surveys.survey_type,
        surveys.score,
        100.0 * (surveys.score - survey_types.min_score)
        / nullif(survey_types.max_score - survey_types.min_score, 0) as score_0_100,
        survey_bands.band as response_band,
        survey_bands.label_en as response_band_en,
        survey_bands.label_zh as response_band_zh,
        surveys.comment_text is not null as has_comment
    from surveys
    left join customer_records
        on surveys.customer_record_key = customer_records.customer_record_key
    left join survey_types
        on surveys.survey_type = survey_types.survey_type
    left join survey_bands
        on surveys.survey_type = survey_bands.survey_type
        and surveys.score between survey_bands.min_score and survey_bands.max_score
)

select * from joined
