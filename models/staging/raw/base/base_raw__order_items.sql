-- Every raw order line, parsed, with the hard rule it breaks (reject_reason) and its soft flags.
-- A line is identified by its order and line number; lines are not checked against orders here
-- (staging never joins across entities except for the customer rules), a test does that.
with

source as (
    {{ raw_rows_flagged(source('raw', 'order_items'), 'order_items') }}
),

renamed as (
    select
        -- ids
        {{ clean_code('source_system') }} as source_system,
        {{ clean_text('order_id') }} as order_id,
        {{ clean_text('line_number') }} as line_number_text,
        {{ clean_text('product_id') }} as product_id,

        -- quantities and money
        {{ clean_text('quantity') }} as quantity_text,
        {{ clean_text('unit_price') }} as unit_price_text,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

numbers as (
    select
        *,
        -- read as a number first: a cast to integer would silently round 1.5 to 2
        try_cast(line_number_text as double) as line_number_value,
        try_cast(quantity_text as double) as quantity_value,
        {{ parse_decimal('unit_price_text') }} as unit_price
    from renamed
),

parsed as (
    select
        *,
        case
            when line_number_value = floor(line_number_value) then try_cast(line_number_value as integer)
        end as line_number,
        case
            when quantity_value = floor(quantity_value) then try_cast(quantity_value as integer)
        end as quantity
    from numbers
),

checked as (
    select
        *,
        {{ reject_reason([
            ['source_system is null or order_id is null or line_number is null', 'missing_key'],
            ['is_exact_duplicate', 'exact_duplicate'],
            ['quantity is null or quantity <= 0 or unit_price is null or unit_price < 0', 'invalid_quantity'],
        ]) }} as row_reject_reason,
        -- a free line (gift, sample) is kept, like a zero-amount order
        {{ soft_flags([['unit_price = 0', 'zero_amount']]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- no updated_at on lines: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, source_system, order_id, line_number
            order by _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    {{ record_key('source_system', 'order_id') }} || '|' || line_number as order_item_key,
    {{ record_key('source_system', 'order_id') }} as order_key,
    source_system,
    order_id,
    line_number,
    product_id,

    -- quantities and money
    quantity,
    unit_price,
    cast(quantity * unit_price as decimal(18, 2)) as line_amount,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
