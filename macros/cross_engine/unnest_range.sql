{#-
    One row per whole number 0 .. n - 1 (none when n < 1): the set-returning DuckDB unnest(range(n)),
    Spark explode(sequence(...)). Argument: n (SQL whole-number expression).
-#}
{% macro unnest_range(n) -%}
    {{ return(adapter.dispatch('unnest_range', 'customer_warehouse')(n)) }}
{%- endmacro %}

{% macro default__unnest_range(n) -%}
    unnest(range({{ n }}))
{%- endmacro %}

{% macro spark__unnest_range(n) -%}
    explode(slice(sequence(0, greatest({{ n }}, 1) - 1), 1, greatest({{ n }}, 0)))
{%- endmacro %}
