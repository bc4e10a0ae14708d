{#-
    Unicode NFKC (full-width ＡＢＣ１２３ -> ABC123), whitespace runs collapsed, trimmed; empty -> NULL.
    Argument: expr (a text SQL expression). DuckDB calls the UDF cwh_clean_text (cwh.cleaning.text).
-#}
{% macro clean_text(expr) -%}
    {{ return(adapter.dispatch('clean_text', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__clean_text(expr) -%}
    nullif(trim({{ regexp_replace_all(expr, '\\s+', ' ') }}), '')
{%- endmacro %}

{% macro duckdb__clean_text(expr) -%}
    cwh_clean_text({{ expr }})
{%- endmacro %}

{% macro spark__clean_text(expr) -%}
    {#- the same Python function, registered on the SparkSession by cwh.spark.session -#}
    {{ duckdb__clean_text(expr) }}
{%- endmacro %}
