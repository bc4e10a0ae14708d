{#-
    A 64-bit hash of a text, for grouping and joining on long keys within one run (never stored as a
    business key): DuckDB hash (unsigned), Spark xxhash64 (signed). Values differ between engines.
    Argument: expr (SQL text expression).
-#}
{% macro text_hash(expr) -%}
    {{ return(adapter.dispatch('text_hash', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__text_hash(expr) -%}
    hash({{ expr }})
{%- endmacro %}

{% macro spark__text_hash(expr) -%}
    xxhash64({{ expr }})
{%- endmacro %}
