{#-
    Aggregate: the lists of a group concatenated into one list. Argument: expr (SQL list column).
-#}
{% macro list_flatten_agg(expr) -%}
    {{ return(adapter.dispatch('list_flatten_agg', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__list_flatten_agg(expr) -%}
    flatten(list({{ expr }}))
{%- endmacro %}

{% macro spark__list_flatten_agg(expr) -%}
    flatten(collect_list({{ expr }}))
{%- endmacro %}
