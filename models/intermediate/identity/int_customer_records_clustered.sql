-- First cut of the identity contract: every clean source customer record with the customer_id of
-- the real customer it belongs to. Until identity resolution (blocking, Fellegi-Sunter scoring,
-- clustering) lands, each record is its own customer.
with

records as (
    select * from {{ ref('stg_raw__customers') }}
)

select
    -- ids
    records.customer_record_key,
    records.source_system,
    records.source_customer_id,
    'C' || left(md5(records.customer_record_key), 12) as customer_id
from records
