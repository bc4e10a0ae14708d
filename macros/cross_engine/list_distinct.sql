{#-
    A list without repeated elements (order as the engine keeps it). Argument: expr (SQL list).
-#}
{% macro list_distinct(expr) -%}
    {{ return(adapter.dispatch('list_distinct', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__list_distinct(expr) -%}
    list_distinct({{ expr }})
{%- endmacro %}

{% macro spark__list_distinct(expr) -%}
    array_distinct({{ expr }})
{%- endmacro %}
