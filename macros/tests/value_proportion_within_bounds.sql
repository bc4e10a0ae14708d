{#-
    Generic test: the share of rows holding each value of the column stays within bounds, e.g. no RFM
    segment holds more than 60% of the customers. Fails with one row per value out of bounds (value,
    rows, share, the bounds). With `values`, only those values are checked and a value that does not
    occur has share 0 (so a minimum catches a segment that vanished); without it, every value that
    occurs is checked. NULL is a value of its own (`null` in the output).
    Arguments: min_share, max_share (fractions 0-1, default 0 and 1), values (optional list),
    where (optional filter on the rows counted).
    Example: `value_proportion_within_bounds: {arguments: {max_share: 0.6}}` on rfm_segment.
-#}
{% test value_proportion_within_bounds(model, column_name, min_share=0, max_share=1, values=none, where=none) %}
with

counted_rows as (
    select cast({{ column_name }} as {{ dbt.type_string() }}) as value
    from {{ model }}
    {%- if where %}
    where {{ where }}
    {%- endif %}
),

value_counts as (
    select
        value,
        count(*) as value_rows
    from counted_rows
    group by value
),

{%- if values is not none %}

expected_values as (
    {%- for value in values %}
    select cast('{{ value | replace("'", "''") }}' as {{ dbt.type_string() }}) as value
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

checked_values as (
    select
        expected_values.value,
        coalesce(value_counts.value_rows, 0) as value_rows
    from expected_values
    left join value_counts
        on expected_values.value = value_counts.value
),
{%- else %}

checked_values as (
    select * from value_counts
),
{%- endif %}

shares as (
    select
        coalesce(checked_values.value, 'null') as value,
        checked_values.value_rows,
        (select count(*) from counted_rows) as total_rows,
        1.0 * checked_values.value_rows / nullif((select count(*) from counted_rows), 0) as share
    from checked_values
)

select
    value,
    value_rows,
    total_rows,
    share,
    {{ min_share }} as min_share,
    {{ max_share }} as max_share
from shares
where share < {{ min_share }} or share > {{ max_share }}
{% endtest %}
