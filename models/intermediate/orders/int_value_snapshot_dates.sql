-- The days the monthly histories are computed at: the last day of each of the last
-- var value_history_months months, the current month ending at as_of_date instead. Monthly marts are
-- recomputed from the order history at these days, so any past month can be rebuilt.
with

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

offsets as (
    select * from {{ month_offsets(var('value_history_months')) }}
),

months as (
    select
        {{ add_months("cast(date_trunc('month', as_of.as_of_date) as date)", '-offsets.month_offset') }} as month_start,
        as_of.as_of_date
    from as_of
    cross join offsets
    where as_of.as_of_date is not null
)

select
    -- timestamps
    month_start,
    cast(least(last_day(month_start), as_of_date) as date) as snapshot_date,
    cast(
        lag(least(last_day(month_start), as_of_date)) over (order by month_start) as date
    )
        as previous_snapshot_date,

    -- attributes
    month_start = cast(date_trunc('month', as_of_date) as date) as is_current_month
from months
