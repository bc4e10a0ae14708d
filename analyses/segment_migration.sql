-- "Where did last year's Champions go?" RFM segment moves from one month-end to the next, summed over
-- the last var migration_months months (default 12): customers per (from, to) segment and the share
-- of the from-segment that made the move. Unscored customers appear as their own segment.
with

transitions as (
    select * from {{ ref('rfm_segment_transitions') }}
),

period as (
    select {{ dbt.dateadd('month', -1 * var('migration_months', 12), 'max(month_start)') }} as starts_after
    from transitions
),

recent as (
    select transitions.*
    from transitions
    cross join period
    where transitions.month_start > period.starts_after
),

moves as (
    select
        from_segment,
        to_segment,
        cast(sum(customers) as bigint) as customers,
        sum(revenue_in_month) as revenue_in_month
    from recent
    group by from_segment, to_segment
),

final as (
    select
        from_segment,
        to_segment,
        from_segment != to_segment as is_move,
        customers,
        round(customers / sum(customers) over (partition by from_segment), 4) as share_of_from_segment,
        revenue_in_month
    from moves
)

select * from final
order by from_segment asc, customers desc
