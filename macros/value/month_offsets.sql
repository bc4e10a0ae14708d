{#-
    A one-column relation `month_offset` with the whole numbers 0 .. n - 1, to build month series
    (first day of the month of a date minus month_offset months). Argument: n (SQL integer expression).
-#}
{% macro month_offsets(n) -%}
    {{ return(adapter.dispatch('month_offsets', 'customer_warehouse')(n)) }}
{%- endmacro %}

{% macro default__month_offsets(n) -%}
    (select month_offset from generate_series(0, {{ n }} - 1) as series (month_offset))
{%- endmacro %}

{% macro duckdb__month_offsets(n) -%}
    (select range as month_offset from range(0, {{ n }}))
{%- endmacro %}

{% macro spark__month_offsets(n) -%}
    (select explode(sequence(0, {{ n }} - 1)) as month_offset)
{%- endmacro %}
