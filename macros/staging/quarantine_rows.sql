{#-
    The body of audit.quarantine_<entity>: every raw row of the entity that broke a hard rule, with its
    reason code and the raw row as delivered (all contract columns as text), plus the CSV lines the
    loader set aside (reason malformed_row or field_too_long, raw_line set, contract columns NULL).
    Arguments: entity (raw entity name), base_model (name of the base_raw__ model with reject_reason).
-#}
{% macro quarantine_rows(entity, base_model) %}
with

rejected as (
    select
        _source_file,
        _source_row,
        reject_reason
    from {{ ref(base_model) }}
    where reject_reason is not null
),

raw_rows as (
    select * from {{ source('raw', entity) }}
),

malformed as (
    select * from {{ source('raw_audit', '_rejected_rows') }}
    where entity = '{{ entity }}'
)

select
    '{{ entity }}' as entity,
    rejected.reject_reason,
    rejected._source_file,
    rejected._source_row,
    {%- for column in raw_contract_columns(entity) %}
    raw_rows.{{ adapter.quote(column) }},
    {%- endfor %}
    cast(null as string) as raw_line,
    raw_rows._loaded_at
from rejected
inner join raw_rows
    on rejected._source_file = raw_rows._source_file
    and rejected._source_row = raw_rows._source_row

union all

select
    '{{ entity }}' as entity,
    coalesce(malformed.reject_reason, 'malformed_row') as reject_reason,
    malformed._source_file,
    malformed._source_row,
    {%- for column in raw_contract_columns(entity) %}
    cast(null as string) as {{ adapter.quote(column) }},
    {%- endfor %}
    malformed.raw_line,
    malformed._loaded_at
from malformed
{% endmacro %}
