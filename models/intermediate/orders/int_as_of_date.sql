-- The one day every value mart is computed at (macro as_of_date: var as_of_date, else the date of the
-- latest clean order), computed once so all marts agree on it.
with

as_of as (
    select {{ as_of_date() }} as as_of_date
)

select cast(as_of_date as date) as as_of_date
from as_of
