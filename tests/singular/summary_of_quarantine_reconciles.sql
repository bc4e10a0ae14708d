-- audit.quarantine_summary counts every quarantined row of every entity once: per entity, the sum of
-- its reason counts equals the rows of audit.quarantine_<entity>. Fails with each entity that differs.
{%- set entities = [
    'customers', 'orders', 'order_items', 'products', 'interactions',
    'inquiries', 'surveys', 'tickets', 'memberships', 'blacklist',
] %}

with

summary as (
    select * from {{ ref('quarantine_summary') }}
),

quarantined as (
    {%- for entity in entities %}
        select
            '{{ entity }}' as entity,
            count(*) as quarantined_rows
        from {{ ref('quarantine_' ~ entity) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

summarised as (
    select
        entity,
        sum(rows) as summary_rows
    from summary
    group by entity
)

select
    quarantined.entity,
    quarantined.quarantined_rows,
    coalesce(summarised.summary_rows, 0) as summary_rows
from quarantined
left join summarised
    on quarantined.entity = summarised.entity
where quarantined.quarantined_rows != coalesce(summarised.summary_rows, 0)
