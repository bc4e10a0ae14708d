with

checked as (
    select * from {{ ref('base_raw__blacklist') }}
)

select {{ star_except(['reject_reason']) }}
from checked
where reject_reason is null
