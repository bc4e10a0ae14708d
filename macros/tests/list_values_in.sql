{#-
    Generic test: every element of a list column is a value of `field` in relation `to` (its rows
    matching `to_where`, when given), like `relationships` for each element of a list. Fails with one
    row per element that is not there: the model's row and the element (`list_value`). Null lists and
    null elements are not checked. Lists are unnested with macro unnest_list, so the test runs on
    DuckDB and Spark alike.
    Arguments: to (relation of the accepted values, e.g. ref('quarantine_reasons')), field (its column
    holding them), to_where (optional filter on `to`).
    Example: dq_flags holds only soft reason codes: `{to: ref('quarantine_reasons'), field: reason_code,
    to_where: "severity = 'soft'"}`.
-#}
{% test list_values_in(model, column_name, to, field, to_where=none) %}
with

checked_rows as (
    select * from {{ model }}
),

accepted_values as (
    select {{ field }} as accepted_value
    from {{ to }}
    {%- if to_where %}
    where {{ to_where }}
    {%- endif %}
),

list_values as (
    select
        checked_rows.*,
        {{ unnest_list('checked_rows.' ~ column_name) }} as list_value
    from checked_rows
)

select list_values.*
from list_values
left join accepted_values
    on list_values.list_value = accepted_values.accepted_value
where list_values.list_value is not null
    and accepted_values.accepted_value is null
{% endtest %}
