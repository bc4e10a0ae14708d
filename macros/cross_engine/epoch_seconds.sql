{#-
    Seconds since 1970-01-01 of a timestamp, as a double (fractions kept).
    Argument: expr (SQL timestamp).
-#}
{% macro epoch_seconds(expr) -%}
    {{ return(adapter.dispatch('epoch_seconds', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__epoch_seconds(expr) -%}
    epoch({{ expr }})
{%- endmacro %}

{% macro spark__epoch_seconds(expr) -%}
    (unix_micros({{ expr }}) / 1e6)
{%- endmacro %}
