{#-
    Whole seconds from timestamp `earlier` to timestamp `later` (DuckDB date_diff('second', ...), Spark
    timestampdiff). Arguments: later, earlier (SQL timestamps).
-#}
{% macro seconds_between(later, earlier) -%}
    {{ return(adapter.dispatch('seconds_between', 'customer_warehouse')(later, earlier)) }}
{%- endmacro %}

{% macro default__seconds_between(later, earlier) -%}
    date_diff('second', {{ earlier }}, {{ later }})
{%- endmacro %}

{% macro spark__seconds_between(later, earlier) -%}
    timestampdiff(second, {{ earlier }}, {{ later }})
{%- endmacro %}
