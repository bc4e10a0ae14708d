-- The golden record: one row per customer_id with each attribute taken from one of the customer's
-- source records by the attribute's rule in seed survivorship_rules, and for each attribute the record
-- it came from (`<attribute>_source_record_key`). Rules: source_priority (first source in the list,
-- then the most recent), most_recent (latest updated_at), most_frequent (the value most records share,
-- then source priority, then most recent), earliest (first created). A record without the value never
-- wins; remaining ties go to the most recent record, then the smallest record key. Attribute groups
-- (macro identity_golden_attributes) take all their columns from one record. Each attribute is one
-- min_by over an ordering key the rule defines, all in one aggregation. Holds raw PII: BI reads the
-- masked marts.dim_customers; restricted.dim_customer_pii publishes this for the few who may.
-- depends_on: {{ ref('survivorship_rules') }}
{%- set attributes = identity_golden_attributes() %}
{%- set rules = identity_survivorship_rules() %}
with

clustered as (
    select * from {{ ref('int_customer_records_clustered') }}
),

staged as (
    select * from {{ ref('stg_raw__customers') }}
),

records as (
    select
        clustered.customer_id,
        staged.*,
        -- newest first / oldest first, missing timestamps last
        -coalesce({{ epoch_seconds('staged.updated_at') }}, -1e12) as recency_order,
        -coalesce({{ epoch_seconds('staged.created_at') }}, -1e12) as creation_recency_order,
        coalesce({{ epoch_seconds('staged.created_at') }}, 1e12) as creation_order
        {%- for attribute in attributes if rules.get(attribute.name, {}).get('rule') == 'most_frequent' %},
        -count(*) over (partition by clustered.customer_id, {{ attribute.columns | join(', ') }})
            as {{ attribute.name }}_frequency_order
        {%- endfor %}
    from clustered
    inner join staged
        on clustered.customer_record_key = staged.customer_record_key
),

survivors as (
    select
        customer_id,
        count(*) as record_count,
        count(distinct source_system) as source_count,
        {{ list_agg_sorted('source_system', distinct=true) }} as source_systems,
        {{ list_agg_sorted('customer_record_key') }} as customer_record_keys,
        min(created_at) as first_seen_at,
        max(updated_at) as last_updated_at
        {%- for attribute in attributes %}
        {%- set rule = rules.get(attribute.name, {'rule': 'most_recent', 'sources': []}) %}
        {%- set source_order -%}
            coalesce({{ list_position(rule.sources, 'source_system') }}, 999)
        {%- endset %},
        {%- set value_fields = [] %}
        {%- for column in attribute.columns %}{% do value_fields.append([column, column]) %}{% endfor %}
        {%- do value_fields.append(['source_record_key', 'customer_record_key']) %}
        {%- set order_fields = [] %}
        {%- if rule.rule == 'source_priority' %}
            {%- do order_fields.append(['source_order', source_order]) %}
        {%- elif rule.rule == 'most_frequent' %}
            {%- do order_fields.append(['frequency_order', attribute.name ~ '_frequency_order']) %}
            {%- do order_fields.append(['source_order', source_order]) %}
        {%- elif rule.rule == 'earliest' %}
            {%- do order_fields.append(['creation_order', 'creation_order']) %}
        {%- endif %}
        {%- do order_fields.append(['recency_order', 'recency_order']) %}
        {%- do order_fields.append(['creation_recency_order', 'creation_recency_order']) %}
        {%- do order_fields.append(['record_key', 'customer_record_key']) %}
        min_by({{ struct_of(value_fields) }}, {{ struct_of(order_fields) }}) filter (where {{ attribute.present }}) as {{ attribute.name }}_survivor
        {%- endfor %}
    from records
    group by customer_id
)

select
    -- ids
    customer_id,
    {%- for attribute in attributes %}

    -- {{ attribute.name }} ({{ rules.get(attribute.name, {}).get('rule') }})
    {%- for column in attribute.columns %}
    {{ attribute.name }}_survivor.{{ column }} as {{ column }},
    {%- endfor %}
    {{ attribute.name }}_survivor.source_record_key as {{ attribute.name }}_source_record_key,
    {%- endfor %}

    -- sources
    record_count,
    source_count,
    source_systems,
    customer_record_keys,

    -- timestamps
    first_seen_at,
    last_updated_at
from survivors
