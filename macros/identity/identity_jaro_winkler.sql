{#-
    Jaro-Winkler similarity of two strings, 0 (nothing in common) to 1 (equal); NULL when either is NULL.
    Arguments: left, right (text SQL expressions).
-#}
{% macro identity_jaro_winkler(left, right) -%}
    {{ return(adapter.dispatch('identity_jaro_winkler', 'customer_warehouse')(left, right)) }}
{%- endmacro %}

{% macro default__identity_jaro_winkler(left, right) -%}
    {#- Snowflake spells it jarowinkler_similarity and answers 0-100 -#}
    jarowinkler_similarity({{ left }}, {{ right }}) / 100.0
{%- endmacro %}

{% macro duckdb__identity_jaro_winkler(left, right) -%}
    jaro_winkler_similarity({{ left }}, {{ right }})
{%- endmacro %}

{% macro spark__identity_jaro_winkler(left, right) -%}
    {#- Spark has no Jaro-Winkler: cwh_jaro_winkler (cwh.spark.session) gives DuckDB's values, bytes included -#}
    cwh_jaro_winkler({{ left }}, {{ right }})
{%- endmacro %}
