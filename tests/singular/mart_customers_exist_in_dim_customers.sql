-- Every customer a mart talks about is a customer of marts.dim_customers (the identity contract): fails
-- with each mart row's customer_id that is not there, and the mart it comes from.
with

customers as (
    select * from {{ ref('dim_customers') }}
),

mart_customers as (
    {%- for mart in ['fct_orders', 'customer_rfm', 'customer_lifecycle', 'customer_value_tiers', 'customer_clv'] %}
        select distinct
            '{{ mart }}' as mart,
            customer_id
        from {{ ref(mart) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    mart_customers.mart,
    mart_customers.customer_id
from mart_customers
left join customers
    on mart_customers.customer_id = customers.customer_id
where customers.customer_id is null
