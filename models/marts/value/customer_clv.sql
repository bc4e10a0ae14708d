{{ config(contract={'enforced': true}) }}

-- Lifetime value of every buyer (a completed order up to as_of_date). Historical: revenue and gross
-- margin to date (margin from product cost, over the orders whose every line has a cost). Predictive:
-- BG/NBD (purchase days) and Gamma-Gamma (spend per purchase day), Fader, Hardie and Lee 2005, fitted
-- in int_clv_params_fitted (parameters in clv_model_params) and applied in int_clv_customers_predicted.
with

inputs as (
    select * from {{ ref('int_clv_inputs_summarised') }}
),

predictions as (
    select * from {{ ref('int_clv_customers_predicted') }}
),

purchase_days as (
    select * from {{ ref('int_purchase_days_aggregated') }}
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

history as (
    select
        customer_id,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        sum(completed_orders) as orders_to_date,
        sum(revenue_base) as revenue_to_date,
        sum(gross_margin_base) as gross_margin_to_date,
        sum(orders_with_margin) as orders_with_margin
    from purchase_days
    group by customer_id
),

joined as (
    select
        history.*,
        as_of.as_of_date,
        inputs.frequency,
        inputs.recency,
        inputs.t,
        inputs.monetary,
        predictions.p_alive,
        predictions.expected_purchases_90d,
        predictions.expected_purchases_365d,
        predictions.expected_average_order_value,
        predictions.predicted_clv,
        predictions.is_bgnbd_converged,
        predictions.is_gamma_gamma_converged
    from history
    cross join as_of
    inner join inputs
        on history.customer_id = inputs.customer_id
    left join predictions
        on history.customer_id = predictions.customer_id
)

select
    -- ids
    cast(customer_id as string) as customer_id,

    -- timestamps
    cast(as_of_date as date) as as_of_date,
    cast(first_purchase_date as date) as first_purchase_date,
    cast(last_purchase_date as date) as last_purchase_date,

    -- historical value
    cast(orders_to_date as integer) as orders_to_date,
    cast(revenue_to_date as decimal(18, 2)) as revenue_to_date,
    cast(gross_margin_to_date as decimal(18, 2)) as gross_margin_to_date,
    cast(orders_with_margin as integer) as orders_with_margin,

    -- model inputs (days)
    cast(frequency as integer) as frequency,
    cast(recency as integer) as recency,
    cast(t as integer) as t,
    cast(monetary as double) as monetary,

    -- predictions
    cast(p_alive as double) as p_alive,
    cast(expected_purchases_90d as double) as expected_purchases_90d,
    cast(expected_purchases_365d as double) as expected_purchases_365d,
    cast(expected_average_order_value as double) as expected_average_order_value,
    cast(predicted_clv as double) as predicted_clv,
    cast({{ var('clv_horizon_days') }} as integer) as clv_horizon_days,
    cast({{ var('clv_discount_rate_annual') }} as double) as clv_discount_rate_annual,
    cast(coalesce(is_bgnbd_converged and is_gamma_gamma_converged, false) as boolean) as is_model_converged
from joined
