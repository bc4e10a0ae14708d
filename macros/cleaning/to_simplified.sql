{#-
    Traditional Chinese characters to simplified (張偉 -> 张伟) with OpenCC's dictionaries; other text
    unchanged. Argument: expr. DuckDB calls the UDF cwh_to_simplified.
-#}
{% macro to_simplified(expr) -%}
    {{ return(adapter.dispatch('to_simplified', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__to_simplified(expr) -%}
    {{ expr }}
{%- endmacro %}

{% macro duckdb__to_simplified(expr) -%}
    cwh_to_simplified({{ expr }})
{%- endmacro %}

{% macro spark__to_simplified(expr) -%}
    {#- the same Python function, registered on the SparkSession by cwh.spark.session -#}
    {{ duckdb__to_simplified(expr) }}
{%- endmacro %}
