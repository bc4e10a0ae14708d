{{ config(contract={'enforced': true}) }}

-- Value of every buyer (a completed order up to as_of_date): spend tier from seed value_tiers
-- (普通 / VIP / 银卡 / 金卡 / 白金卡), Pareto class (二八法则: A = the customers who make the first 80%
-- of revenue), value trajectory (top profit / growing / stable / declining, comparing the value window
-- with the one before) and customer type (关系型 relationship vs 交易型 transactional).
with

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

tiers as (
    select * from {{ ref('value_tiers') }}
),

labels as (
    select * from {{ ref('value_labels') }}
),

windows as (
    select
        as_of_date,
        cast(as_of_date - {{ var('value_window_days') }} + 1 as date) as window_start_date,
        cast(as_of_date - 2 * {{ var('value_window_days') }} + 1 as date) as previous_window_start_date
    from as_of
),

customers as (
    select
        purchase_days.customer_id,
        windows.as_of_date,
        windows.window_start_date,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        count(*) as purchase_days_to_date,
        sum(purchase_days.completed_orders) as orders_to_date,
        sum(purchase_days.revenue_base) as revenue_to_date,
        sum(purchase_days.discount_base) as discount_to_date,
        coalesce(sum(purchase_days.completed_orders) filter (
            where purchase_days.purchase_date >= windows.window_start_date
        ), 0) as orders_window,
        coalesce(sum(purchase_days.revenue_base) filter (
            where purchase_days.purchase_date >= windows.window_start_date
        ), 0) as revenue_window,
        coalesce(sum(purchase_days.revenue_base) filter (
            where purchase_days.purchase_date >= windows.previous_window_start_date
            and purchase_days.purchase_date < windows.window_start_date
        ), 0) as revenue_previous_window
    from purchase_days
    cross join windows
    group by
        purchase_days.customer_id,
        windows.as_of_date,
        windows.window_start_date
),

tiered as (
    -- the highest tier whose spend and order minimums are both met; the lowest tier has none
    select
        customers.customer_id,
        tiers.tier as value_tier,
        tiers.tier_zh as value_tier_zh,
        tiers.tier_rank as value_tier_rank
    from customers
    inner join tiers
        on
            customers.revenue_window >= tiers.min_spend
            and customers.orders_window >= tiers.min_orders
    qualify row_number() over (partition by customers.customer_id order by tiers.tier_rank desc) = 1
),

ranked as (
    -- revenue of the customers strictly above: tied customers share one Pareto class
    select
        *,
        sum(revenue_window) over (
            order by revenue_window desc
            range between unbounded preceding and current row
        ) - sum(revenue_window) over (partition by revenue_window) as revenue_above,
        sum(revenue_window) over () as revenue_total
    from customers
),

classified as (
    select
        *,
        -- shares of money divided as doubles, as DuckDB divides decimals: Spark divides decimals to 6
        -- decimal places, which moves a share at a band edge (0.0999999 -> 0.1) into the next band
        case
            when revenue_total > 0 then cast(revenue_window as double) / cast(revenue_total as double)
            else 0
        end as revenue_share,
        case when revenue_total > 0 then cast(revenue_above as double) / cast(revenue_total as double) else 1 end
            as revenue_share_above,
        case
            when revenue_total > 0
                and cast(revenue_above as double) / cast(revenue_total as double) < {{ var('pareto_a_share') }}
                then 'A'
            when revenue_total > 0
                and cast(revenue_above as double) / cast(revenue_total as double) < {{ var('pareto_b_share') }}
                then 'B'
            else 'C'
        end as pareto_class,
        case
            when revenue_to_date + discount_to_date > 0
                then cast(discount_to_date as double) / cast(revenue_to_date + discount_to_date as double)
            else 0
        end as discount_share,
        {{ days_between('last_purchase_date', 'first_purchase_date') }} as purchase_span_days
    from ranked
),

typed as (
    select
        *,
        case
            when
                revenue_previous_window > 0
                and revenue_window < (1 - {{ var('value_decline_threshold') }}) * revenue_previous_window
                then 'declining'
            when pareto_class = 'A' then 'top_profit'
            when
                revenue_window > 0
                and revenue_window >= (1 + {{ var('value_growth_threshold') }}) * revenue_previous_window
                then 'growing'
            when revenue_window > 0 or revenue_previous_window > 0 then 'stable'
            else 'inactive'
        end as value_trajectory,
        case
            when discount_share >= {{ var('price_driven_discount_share') }} then 'price_driven'
            when purchase_days_to_date < {{ var('relationship_min_purchase_days') }} then 'few_purchases'
            when purchase_span_days < {{ var('relationship_min_tenure_days') }} then 'short_history'
            else 'repeat_loyal'
        end as customer_type_reason
    from classified
),

customer_values as (
    select
        *,
        case when customer_type_reason = 'repeat_loyal' then 'relationship' else 'transactional' end
            as customer_type
    from typed
)

select
    -- ids
    cast(customer_values.customer_id as string) as customer_id,

    -- timestamps
    cast(customer_values.as_of_date as date) as as_of_date,
    cast(customer_values.window_start_date as date) as window_start_date,
    cast(customer_values.first_purchase_date as date) as first_purchase_date,
    cast(customer_values.last_purchase_date as date) as last_purchase_date,

    -- history
    cast(customer_values.purchase_days_to_date as integer) as purchase_days_to_date,
    cast(customer_values.orders_to_date as integer) as orders_to_date,
    cast(customer_values.revenue_to_date as decimal(18, 2)) as revenue_to_date,
    cast(customer_values.orders_window as integer) as orders_window,
    cast(customer_values.revenue_window as decimal(18, 2)) as revenue_window,
    cast(customer_values.revenue_previous_window as decimal(18, 2)) as revenue_previous_window,

    -- tier
    cast(tiered.value_tier as string) as value_tier,
    cast(tiered.value_tier_zh as string) as value_tier_zh,
    cast(tiered.value_tier_rank as integer) as value_tier_rank,

    -- pareto
    cast(customer_values.pareto_class as string) as pareto_class,
    cast(customer_values.revenue_share as double) as revenue_share,
    cast(customer_values.revenue_share_above as double) as revenue_share_above,

    -- trajectory
    cast(customer_values.value_trajectory as string) as value_trajectory,
    cast(trajectory_labels.label_zh as string) as value_trajectory_zh,

    -- customer type
    cast(customer_values.customer_type as string) as customer_type,
    cast(type_labels.label_zh as string) as customer_type_zh,
    cast(customer_values.customer_type_reason as string) as customer_type_reason,
    cast(customer_values.discount_share as double) as discount_share,
    cast(customer_values.purchase_span_days as integer) as purchase_span_days
from customer_values
inner join tiered
    on customer_values.customer_id = tiered.customer_id
left join labels as trajectory_labels
    on
        trajectory_labels.label_set = 'value_trajectory'
        and customer_values.value_trajectory = trajectory_labels.code
left join labels as type_labels
    on
        type_labels.label_set = 'customer_type'
        and customer_values.customer_type = type_labels.code
