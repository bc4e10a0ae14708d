{#-
    A blocking key expression of seed identity_blocking_passes in the engine's SQL. The seed is written in
    DuckDB's SQL; on Spark the one list function it uses, `len(list)`, is `size(list)`.
    Argument: expression (the seed's key_expression text).
-#}
{% macro identity_key_expression(expression) -%}
    {{ return(adapter.dispatch('identity_key_expression', 'customer_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__identity_key_expression(expression) -%}
    {{ return(expression) }}
{%- endmacro %}

{% macro spark__identity_key_expression(expression) -%}
    {{ return(modules.re.sub('\\blen\\(', 'size(', expression)) }}
{%- endmacro %}
