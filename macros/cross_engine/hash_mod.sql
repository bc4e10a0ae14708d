{#-
    DuckDB's hash(left, right) modulo n, as a bigint: a deterministic pseudo-random draw. Spark runs the
    same hash through the UDF cwh_hash_mod (cwh.spark.session), so both engines draw the same numbers.
    Arguments: left, right (SQL bigint expressions), n (SQL whole-number expression, > 0).
-#}
{% macro hash_mod(left, right, n) -%}
    {{ return(adapter.dispatch('hash_mod', 'customer_warehouse')(left, right, n)) }}
{%- endmacro %}

{% macro default__hash_mod(left, right, n) -%}
    cast(hash({{ left }}, {{ right }}) % cast({{ n }} as ubigint) as bigint)
{%- endmacro %}

{% macro spark__hash_mod(left, right, n) -%}
    cwh_hash_mod(cast({{ left }} as bigint), cast({{ right }} as bigint), cast({{ n }} as bigint))
{%- endmacro %}
