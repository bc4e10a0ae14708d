-- Every raw order row, parsed, converted to var base_currency, with the hard rule it breaks
-- (reject_reason) and its soft flags. The orphan rule is the one cross-entity rule in staging: it
-- needs the set of clean customer keys, so it reads base_raw__customers (keys only).
-- A delta build (is_delta: the only change is new orders files) computes only the rows of the new files
-- and every row of the orders they touch, plus the orders with a row rejected as a future date, and
-- replaces those orders' rows; everything else is kept as the last build left it.
{{ config(
    materialized=delta_materialization('orders'),
    unique_key='order_key',
    incremental_strategy='delete+insert',
    recomputed_rows='orders',
) }}
with

source as (
    {%- if is_delta('orders') %}
    {{ raw_rows_to_rebuild(
        'orders',
        'order_key',
        record_key('(' ~ clean_code('source_system') ~ ')', '(' ~ clean_text('order_id') ~ ')'),
        "reject_reason = 'future_date'",
    ) }}
    {%- else %}
    {{ raw_rows_flagged(source('raw', 'orders'), 'orders') }}
    {%- endif %}
),

customer_keys as (
    select distinct source_system, source_customer_id
    from {{ ref('base_raw__customers') }}
    where reject_reason is null
),

currency_rates as (
    select * from {{ ref('currency_rates') }}
),

base_rate as (
    select rate_to_cny
    from currency_rates
    where currency = '{{ var("base_currency") }}'
),

order_status_map as (
    select * from {{ ref('order_status_map') }}
),

renamed as (
    select
        -- ids
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('source_customer_id') }} as source_customer_id,

        -- timestamps
        {{ clean_text('ordered_at') }} as ordered_at_text,
        {{ clean_text('updated_at') }} as updated_at_text,

        -- money
        {{ clean_text('amount') }} as amount_text,
        upper(coalesce({{ clean_text('currency') }}, '{{ var("base_currency") }}')) as currency,
        {{ clean_text('discount') }} as discount_text,

        -- attributes
        {{ clean_code('status') }} as status_code,
        {{ clean_code('channel') }} as channel,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        renamed.*,
        {{ parse_timestamp('ordered_at_text') }} as ordered_at,
        {{ parse_timestamp('updated_at_text') }} as updated_at,
        {{ parse_decimal('amount_text') }} as amount,
        {{ parse_decimal('discount_text') }} as discount,
        currency_rates.rate_to_cny / (select rate_to_cny from base_rate) as rate_to_base,
        case
            when renamed.status_code is null then 'completed'
            else order_status_map.status
        end as status,
        customer_keys.source_customer_id is not null as has_customer
    from renamed
    left join currency_rates
        on renamed.currency = currency_rates.currency
    left join order_status_map
        on renamed.status_code = order_status_map.raw_status
    left join customer_keys
        on renamed.source_system = customer_keys.source_system
        and renamed.source_customer_id = customer_keys.source_customer_id
),

checked as (
    select
        *,
        {{ reject_reason(
            [
                ['source_system is null or order_id is null or source_customer_id is null', 'missing_key'],
                ['is_exact_duplicate', 'exact_duplicate'],
            ]
            + event_time_rules('ordered_at_text', 'ordered_at')
            + [
                ['amount is null', 'invalid_amount'],
                ['amount < 0', 'negative_amount'],
                ['rate_to_base is null', 'unknown_currency'],
                ['status is null', 'unknown_status'],
                ['not has_customer', 'orphan_order'],
            ]
        ) }} as row_reject_reason,
        {{ soft_flags([['amount = 0', 'zero_amount']]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- late-arriving updates: among rows that pass the row rules, the latest version of an order wins
        row_number() over (
            partition by row_reject_reason is null, source_system, order_id
            order by updated_at desc nulls last, _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    {{ record_key('source_system', 'order_id') }} as order_key,
    source_system,
    order_id,
    {{ record_key('source_system', 'source_customer_id') }} as customer_record_key,
    source_customer_id,

    -- timestamps
    ordered_at,
    cast(ordered_at as date) as order_date,
    updated_at,

    -- money
    amount,
    currency,
    cast({{ round_half_away("amount * rate_to_base", 2) }} as decimal(18, 2)) as amount_base,
    cast({{ round_half_away("coalesce(discount, 0) * rate_to_base", 2) }} as decimal(18, 2)) as discount_base,

    -- attributes
    status,
    channel,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row,
    {{ build_timestamp() }} as _built_at
from versioned
