-- The Fellegi-Sunter model in force: one row per comparison level with the m, u and weight scoring uses.
-- Estimated on the first run and then kept, so a run that only adds records scores the unchanged pairs
-- exactly as before and their customers stay as they are; this run's fresh estimate is always in
-- int_customer_match_parameters_estimated to compare with. The stored model is replaced when var
-- identity_retrain is true or when it lacks a comparison level the seed now defines. Survives
-- --full-refresh (full_refresh: false); a dry run never replaces it.
{{
    config(
        materialized=upsert_materialization(),
        unique_key=['comparison', 'level'],
        incremental_strategy='delete+insert',
        full_refresh=false,
        on_schema_change='append_new_columns',
    )
}}

with

estimated as (
    select * from {{ ref('int_customer_match_parameters_estimated') }}
),

{%- if is_incremental() %}

stored as (
    select * from {{ this }}
),

missing_levels as (
    select
        comparison,
        level
    from estimated
    except
    select
        comparison,
        level
    from stored
),

retraining as (
    select
        {{ 'true' if var('identity_retrain') else 'false' }}
        or (select count(*) > 0 from missing_levels) as is_needed
)
{%- else %}

    retraining as (
        select true as is_needed
    )
{%- endif %}

select
    estimated.*,
    {{ build_timestamp() }} as trained_at,
    '{{ invocation_id }}' as training_run_id
from estimated
cross join retraining
where
    retraining.is_needed
    and {{ identity_dry_run_filter() }}
