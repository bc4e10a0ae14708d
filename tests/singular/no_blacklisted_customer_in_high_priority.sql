-- No customer blacklisted in marts.dim_customers (identity resolution) gets priority class high in
-- marts.customer_scores (scoring): a blacklisted customer never gets a dedicated account manager.
-- Fails with each such customer and the class it got.
with

scores as (
    select * from {{ ref('customer_scores') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
)

select
    scores.customer_id,
    scores.priority_class,
    customers.blacklist_reasons
from scores
inner join customers
    on scores.customer_id = customers.customer_id
where
    customers.is_blacklisted
    and scores.priority_class = 'high'
