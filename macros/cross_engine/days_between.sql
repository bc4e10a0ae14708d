{#-
    Whole days from `earlier` to `later` (negative when later is before earlier): DuckDB subtracts dates
    to an integer, Spark to an interval, so Spark uses datediff.
    Arguments: later, earlier (SQL date expressions).
-#}
{% macro days_between(later, earlier) -%}
    {{ return(adapter.dispatch('days_between', 'customer_warehouse')(later, earlier)) }}
{%- endmacro %}

{% macro default__days_between(later, earlier) -%}
    ({{ later }} - {{ earlier }})
{%- endmacro %}

{% macro spark__days_between(later, earlier) -%}
    datediff({{ later }}, {{ earlier }})
{%- endmacro %}
