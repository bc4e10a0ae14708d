{#-
    The elements of a list joined by a separator (DuckDB array_to_string, Spark array_join).
    Arguments: expr (SQL list of text), separator (text).
-#}
{% macro list_to_string(expr, separator) -%}
    {{ return(adapter.dispatch('list_to_string', 'customer_warehouse')(expr, separator)) }}
{%- endmacro %}

{% macro default__list_to_string(expr, separator) -%}
    array_to_string({{ expr }}, '{{ separator }}')
{%- endmacro %}

{% macro spark__list_to_string(expr, separator) -%}
    array_join({{ expr }}, '{{ separator }}')
{%- endmacro %}
