{#-
    Generic test: every value of the column lies between `min_value` and `max_value` (either may be
    omitted). Fails with each row outside the range; NULLs pass (test them with not_null).
    Arguments: min_value, max_value (numbers, dates as quoted literals, or SQL expressions),
    inclusive (bool, default true: the bounds themselves are allowed), where (optional filter).
    Example: `accepted_range: {arguments: {min_value: -100, max_value: 100}}` on an NPS column.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true, where=none) %}
    {%- if min_value is none and max_value is none -%}
        {{ exceptions.raise_compiler_error("accepted_range on " ~ model ~ "." ~ column_name ~ ": give min_value, max_value or both") }}
    {%- endif -%}
    {%- set lower_op = '>=' if inclusive else '>' -%}
    {%- set upper_op = '<=' if inclusive else '<' -%}
with

checked as (
    select *
    from {{ model }}
    where {{ column_name }} is not null
    {%- if where %}
        and ({{ where }})
    {%- endif %}
)

select *
from checked
where not (
    true
    {%- if min_value is not none %}
    and {{ column_name }} {{ lower_op }} {{ min_value }}
    {%- endif %}
    {%- if max_value is not none %}
    and {{ column_name }} {{ upper_op }} {{ max_value }}
    {%- endif %}
)
{% endtest %}
