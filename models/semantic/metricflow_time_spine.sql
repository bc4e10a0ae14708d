-- One row per calendar day: the time axis MetricFlow joins metrics to (cumulative metrics, months
-- without orders). The range is a calendar, not a business rule: it covers any plausible order date.
with

days as (
    {{ dbt.date_spine(
        datepart="day",
        start_date="cast('2000-01-01' as date)",
        end_date="cast('2041-01-01' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
