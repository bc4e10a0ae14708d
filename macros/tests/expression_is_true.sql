{#-
    Generic test: fails for every row where `expression` is not true (false or NULL).
    Arguments: expression (SQL boolean over the model's columns; column_name is ignored, so the test
    can sit under a column), where (optional filter: only matching rows are checked).
    Example: `expression: "recency_days >= 0"`.
-#}
{% test expression_is_true(model, expression, column_name=none, where=none) %}
select *
from {{ model }}
where not coalesce({{ expression }}, false)
{%- if where %}
    and ({{ where }})
{%- endif %}
{% endtest %}
