{#-
    A floating-point number rounded to `places` decimals the way DuckDB's round does it: scale, round
    half away from zero, scale back. Spark's round(double) rounds the exact binary value instead, so a
    product like 293.585 (stored as 293.58499...) would come out one cent lower there.
    Arguments: expr (SQL expression of type double), places (whole number of decimals).
-#}
{% macro round_half_away(expr, places) -%}
    {{ return(adapter.dispatch('round_half_away', 'customer_warehouse')(expr, places)) }}
{%- endmacro %}

{% macro default__round_half_away(expr, places) -%}
    round({{ expr }}, {{ places }})
{%- endmacro %}

{% macro spark__round_half_away(expr, places) -%}
    (round(({{ expr }}) * {{ 10 ** places }}D) / {{ 10 ** places }}D)
{%- endmacro %}
