{#-
    Number of elements of a list (null for a null list).
    Argument: expr (SQL list).
-#}
{% macro list_length(expr) -%}
    {{ return(adapter.dispatch('list_length', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__list_length(expr) -%}
    len({{ expr }})
{%- endmacro %}

{% macro spark__list_length(expr) -%}
    size({{ expr }})
{%- endmacro %}
