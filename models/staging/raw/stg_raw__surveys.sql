with

checked as (
    select * from {{ ref('base_raw__surveys') }}
)

select * exclude (reject_reason)
from checked
where reject_reason is null
