{#-
    Generic test: the latest value of a date or timestamp column is recent enough. Fails with one row
    (the latest value, the oldest acceptable one) when max(column) is older than `interval` `datepart`s
    before the reference time, or when the column holds no value at all.
    Arguments: datepart (day, hour, ...; default day), interval (a whole number), reference (SQL
    expression of the "now"; default the build's start, so a rebuild of old data is judged at the time
    the data was meant for when you pass e.g. `(select max(as_of_date) from ...)`), where (optional).
    Example: `recency: {arguments: {datepart: day, interval: 2}}` on raw `_loaded_at`.
-#}
{% test recency(model, column_name, interval, datepart='day', reference=none, where=none) %}
    {%- set now = reference if reference is not none else build_timestamp() -%}
with

latest as (
    select max({{ column_name }}) as latest_value
    from {{ model }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
),

judged as (
    select
        latest_value,
        {{ dbt.dateadd(datepart, -1 * interval, now) }} as oldest_acceptable
    from latest
)

select *
from judged
where latest_value is null
    or cast(latest_value as {{ dbt.type_timestamp() }}) < cast(oldest_acceptable as {{ dbt.type_timestamp() }})
{% endtest %}
