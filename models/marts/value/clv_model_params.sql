{{ config(contract={'enforced': true}) }}

-- The fitted CLV model parameters: one row per (model, parameter) with the value, the time unit, the
-- log-likelihood, the customers fitted on and whether the optimiser converged (cwh.clv.params_table).
with

params as (
    select * from {{ ref('int_clv_params_fitted') }}
)

select
    -- ids
    cast(model as string) as model,  -- noqa: RF04
    cast(parameter as string) as parameter,

    -- fit
    cast(value as double) as value,  -- noqa: RF04
    cast(time_unit as string) as time_unit,
    cast(log_likelihood as double) as log_likelihood,
    cast(n_customers as bigint) as n_customers,
    cast(n_cells as bigint) as n_cells,
    cast(converged as boolean) as converged,
    cast(iterations as integer) as iterations,
    cast(message as string) as message,

    -- timestamps
    cast(as_of_date as date) as as_of_date
from params
