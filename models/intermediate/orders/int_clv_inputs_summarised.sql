-- BG/NBD and Gamma-Gamma inputs per buyer at as_of_date (Fader, Hardie and Lee 2005), in days, with
-- the definitions of cwh.clv.customer_summary: frequency = purchase days after the first, recency =
-- days from the first to the last purchase day, T = days from the first purchase day to as_of_date,
-- monetary = mean revenue of the repeat purchase days (0 without repeat).
with

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

firsts as (
    select
        *,
        min(purchase_date) over (partition by customer_id) as first_purchase_date
    from purchase_days
),

summarised as (
    select
        firsts.customer_id,
        count(*) - 1 as frequency,
        max(firsts.purchase_date) - min(firsts.purchase_date) as recency,
        {{ days_between('as_of.as_of_date', 'min(firsts.purchase_date)') }} as age,
        -- the first purchase day is the acquisition, often a different basket, so it is left out
        coalesce(avg(firsts.revenue_base) filter (where firsts.purchase_date > firsts.first_purchase_date), 0)
            as monetary
    from firsts
    cross join as_of
    group by firsts.customer_id, as_of.as_of_date
)

select
    -- ids
    customer_id,

    -- model inputs
    cast(frequency as integer) as frequency,
    cast(recency as integer) as recency,
    cast(age as integer) as t,
    cast(monetary as double) as monetary
from summarised
