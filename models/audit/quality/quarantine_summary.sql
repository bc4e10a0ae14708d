-- The rows this build set aside, per raw entity and reason code, with the share of the entity's raw
-- rows (loaded rows + lines the loader could not parse). After every `python -m cwh build` the quality
-- history (cwh.quality.history) appends these counts to audit.dq_quarantine_history, so quarantine
-- rates can be charted across builds; this table only ever holds the current build.
{%- set entities = [
    'customers', 'orders', 'order_items', 'products', 'interactions',
    'inquiries', 'surveys', 'tickets', 'memberships', 'blacklist',
] %}

with

quarantined as (
    {%- for entity in entities %}
        select
            entity,
            reject_reason
        from {{ ref('quarantine_' ~ entity) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

loaded as (
    {%- for entity in entities %}
        select
            '{{ entity }}' as entity,
            count(*) as loaded_rows
        from {{ source('raw', entity) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

malformed as (
    select
        entity,
        count(*) as malformed_rows
    from {{ source('raw_audit', '_rejected_rows') }}
    group by entity
),

reasons as (
    select * from {{ ref('quarantine_reasons') }}
),

counted as (
    select
        entity,
        reject_reason,
        count(*) as quarantined_rows
    from quarantined
    group by entity, reject_reason
),

raw_rows as (
    select
        loaded.entity,
        loaded.loaded_rows + coalesce(malformed.malformed_rows, 0) as raw_rows
    from loaded
    left join malformed
        on loaded.entity = malformed.entity
)

select
    -- ids
    counted.entity,
    counted.reject_reason,

    -- counts
    -- named `rows` like the report's fallback summary (cwh.report) reads it
    counted.quarantined_rows as rows,  -- noqa: RF04
    raw_rows.raw_rows,
    counted.quarantined_rows / nullif(raw_rows.raw_rows, 0) as share_of_raw,

    -- rule
    reasons.severity as reason_severity,
    reasons.description as reason_description,

    -- build
    '{{ invocation_id }}' as dbt_invocation_id,
    {{ build_timestamp() }} as built_at
from counted
left join raw_rows
    on counted.entity = raw_rows.entity
left join reasons
    on counted.reject_reason = reasons.reason_code
