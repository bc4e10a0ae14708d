{#-
    Aggregate: the values of a group as a list sorted ascending; `distinct` keeps each value once.
    Callers pass values that are never null (Spark's collect_list drops nulls, DuckDB's list keeps them).
    Arguments: expr (SQL expression), distinct (true/false, default false).
-#}
{% macro list_agg_sorted(expr, distinct=false) -%}
    {{ return(adapter.dispatch('list_agg_sorted', 'customer_warehouse')(expr, distinct)) }}
{%- endmacro %}

{% macro default__list_agg_sorted(expr, distinct) -%}
    list({{ 'distinct ' if distinct }}{{ expr }} order by {{ expr }})
{%- endmacro %}

{% macro spark__list_agg_sorted(expr, distinct) -%}
    array_sort({{ 'collect_set' if distinct else 'collect_list' }}({{ expr }}))
{%- endmacro %}
