{#-
    Aggregate: the texts of a group joined by a separator in a given order (DuckDB
    `string_agg(x, sep order by ...)`, Spark `string_agg(x, sep) within group (order by ...)`).
    Arguments: expr (SQL text), separator (text), order_by (SQL order-by list).
-#}
{% macro string_agg_ordered(expr, separator, order_by) -%}
    {{ return(adapter.dispatch('string_agg_ordered', 'customer_warehouse')(expr, separator, order_by)) }}
{%- endmacro %}

{% macro default__string_agg_ordered(expr, separator, order_by) -%}
    string_agg({{ expr }}, '{{ separator }}' order by {{ order_by }})
{%- endmacro %}

{% macro spark__string_agg_ordered(expr, separator, order_by) -%}
    string_agg({{ expr }}, '{{ separator }}') within group (order by {{ order_by }})
{%- endmacro %}
