{#-
    A date moved by a whole number of months (negative: back), as a date. Callers pass first days of a
    month, where every engine agrees (month ends differ: DuckDB and Spark both clamp, but to be safe).
    Arguments: date_expr (SQL date), months (SQL whole-number expression).
-#}
{% macro add_months(date_expr, months) -%}
    {{ return(adapter.dispatch('add_months', 'customer_warehouse')(date_expr, months)) }}
{%- endmacro %}

{% macro default__add_months(date_expr, months) -%}
    cast({{ date_expr }} + ({{ months }}) * interval '1 month' as date)
{%- endmacro %}

{% macro spark__add_months(date_expr, months) -%}
    add_months({{ date_expr }}, {{ months }})
{%- endmacro %}
