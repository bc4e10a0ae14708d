-- Every raw product row, parsed, with the hard rule it breaks (reject_reason) and its soft flags.
-- The catalogue has no source system: product_id is the key across systems.
with

source as (
    {{ raw_rows_flagged(source('raw', 'products'), 'products') }}
),

renamed as (
    select
        -- ids
        {{ clean_text('product_id') }} as product_id,

        -- attributes
        {{ clean_text('product_name') }} as product_name,
        {{ clean_code('category') }} as category,

        -- money
        {{ clean_text('list_price') }} as list_price_text,
        {{ clean_text('unit_cost') }} as unit_cost_text,

        -- lineage
        _source_file,
        _source_row,
        is_exact_duplicate
    from source
),

parsed as (
    select
        *,
        {{ parse_decimal('list_price_text') }} as list_price,
        {{ parse_decimal('unit_cost_text') }} as unit_cost
    from renamed
),

checked as (
    select
        *,
        {{ reject_reason([
            ['product_id is null', 'missing_key'],
            ['is_exact_duplicate', 'exact_duplicate'],
        ]) }} as row_reject_reason,
        -- a price that is not a number is nulled, not quarantined: the product still names order lines
        {{ soft_flags([
            ['(list_price_text is not null and list_price is null) or list_price < 0'
                ~ ' or (unit_cost_text is not null and unit_cost is null) or unit_cost < 0', 'invalid_price'],
        ]) }} as dq_flags
    from parsed
),

versioned as (
    select
        *,
        -- no updated_at in the catalogue: among rows that pass the row rules, the last delivered copy wins
        row_number() over (
            partition by row_reject_reason is null, product_id
            order by _source_file desc, _source_row desc
        ) as version_rank
    from checked
)

select
    -- ids
    product_id,

    -- attributes
    product_name,
    category,

    -- money
    case when list_price >= 0 then list_price end as list_price,
    case when unit_cost >= 0 then unit_cost end as unit_cost,

    -- quality
    coalesce(
        row_reject_reason,
        case when version_rank > 1 then 'duplicate_key' end
    ) as reject_reason,
    dq_flags,
    _source_file,
    _source_row
from versioned
