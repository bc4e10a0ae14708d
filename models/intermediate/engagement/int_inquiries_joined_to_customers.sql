-- Clean inquiries (询盘) with the customer they come from and whether the contact is blacklisted.
-- A lead names its customer by key only when it comes from a known customer; otherwise the contact's
-- e-mail, then phone, is looked up among clean customer records, and used only when it points to one
-- customer (an e-mail shared by two customers says nothing about which one asked). The blacklist is
-- matched on the normalised e-mail and E.164 phone, the two contact fields an inquiry and an entry share.
with

inquiries as (
    select * from {{ ref('stg_raw__inquiries') }}
),

customer_records as (
    select * from {{ ref('int_customer_records_clustered') }}
),

customers as (
    select * from {{ ref('stg_raw__customers') }}
),

blacklist as (
    select * from {{ ref('stg_raw__blacklist') }}
),

customer_contacts as (
    select
        customers.email,
        customers.phone_e164,
        customer_records.customer_id
    from customers
    inner join customer_records
        on customers.customer_record_key = customer_records.customer_record_key
),

customers_by_email as (
    select
        email,
        any_value(customer_id) as customer_id
    from customer_contacts
    where email is not null
    group by email
    having count(distinct customer_id) = 1
),

customers_by_phone as (
    select
        phone_e164,
        any_value(customer_id) as customer_id
    from customer_contacts
    where phone_e164 is not null
    group by phone_e164
    having count(distinct customer_id) = 1
),

blacklisted_emails as (
    select distinct email
    from blacklist
    where email is not null
),

blacklisted_phones as (
    select distinct phone_e164
    from blacklist
    where phone_e164 is not null
),

joined as (
    select
        -- ids
        inquiries.inquiry_id,
        coalesce(
            customer_records.customer_id, customers_by_email.customer_id, customers_by_phone.customer_id
        ) as customer_id,
        case
            when customer_records.customer_id is not null then 'customer_key'
            when customers_by_email.customer_id is not null then 'email'
            when customers_by_phone.customer_id is not null then 'phone'
        end as customer_match_method,
        inquiries.customer_record_key,
        inquiries.source_system,

        -- timestamps
        inquiries.received_at,
        inquiries.received_date,

        -- contact
        inquiries.channel,
        inquiries.company_name,
        inquiries.email,
        inquiries.phone_e164,
        inquiries.website,
        inquiries.address,

        -- request
        inquiries.product_mentioned,
        inquiries.message,

        -- follow-up answers
        inquiries.industry,
        inquiries.years_in_business,
        inquiries.customer_type,
        inquiries.annual_sales,

        -- blacklist
        blacklisted_emails.email is not null as is_blacklisted_email,
        blacklisted_phones.phone_e164 is not null as is_blacklisted_phone
    from inquiries
    left join customer_records
        on inquiries.customer_record_key = customer_records.customer_record_key
    left join customers_by_email
        on inquiries.email = customers_by_email.email
    left join customers_by_phone
        on inquiries.phone_e164 = customers_by_phone.phone_e164
    left join blacklisted_emails
        on inquiries.email = blacklisted_emails.email
    left join blacklisted_phones
        on inquiries.phone_e164 = blacklisted_phones.phone_e164
)

select * from joined
