{#-
    The e-mail case-folded when its syntax is valid (email-validator, no DNS), else NULL.
    Argument: expr. DuckDB calls the UDF cwh_normalize_email.
-#}
{% macro normalize_email(expr) -%}
    {{ return(adapter.dispatch('normalize_email', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__normalize_email(expr) -%}
    case
        when {{ regexp_full_match('lower(trim(' ~ expr ~ '))', '[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}') }}
            then lower(trim({{ expr }}))
    end
{%- endmacro %}

{% macro duckdb__normalize_email(expr) -%}
    cwh_normalize_email({{ expr }})
{%- endmacro %}

{% macro spark__normalize_email(expr) -%}
    {#- the same Python function, registered on the SparkSession by cwh.spark.session -#}
    {{ duckdb__normalize_email(expr) }}
{%- endmacro %}
