-- A lead whose contact is blacklisted, or whose matched customer is, is never a qualified (high
-- priority) lead: seed lead_signals forces it to likely_invalid. Fails with every such lead that is not.
with

leads as (
    select * from {{ ref('lead_scores') }}
),

customers as (
    select * from {{ ref('dim_customers') }}
)

select
    leads.inquiry_id,
    leads.customer_id,
    leads.lead_class,
    leads.is_blacklisted_contact,
    coalesce(customers.is_blacklisted, false) as is_blacklisted_customer
from leads
left join customers
    on leads.customer_id = customers.customer_id
where
    (leads.is_blacklisted_contact or coalesce(customers.is_blacklisted, false))
    and leads.lead_class != 'likely_invalid'
