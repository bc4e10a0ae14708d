{#-
    The phone number in E.164 (+8613800138000) when valid, else NULL, with libphonenumber's rules.
    Numbers without a country code are read in var default_phone_region.
    Arguments: expr, region (optional SQL expression; default the var as a literal).
-#}
{% macro normalize_phone(expr, region=none) -%}
    {{ return(adapter.dispatch('normalize_phone', 'customer_warehouse')(expr, region)) }}
{%- endmacro %}

{% macro default__normalize_phone(expr, region) -%}
    case
        when length({{ regexp_replace_all(expr, '[^0-9]', '') }}) between 8 and 15
            then '+' || {{ regexp_replace_all(expr, '[^0-9]', '') }}
    end
{%- endmacro %}

{% macro duckdb__normalize_phone(expr, region) -%}
    cwh_phone_e164({{ expr }}, {{ region if region is not none else "'" ~ var('default_phone_region') ~ "'" }})
{%- endmacro %}

{% macro spark__normalize_phone(expr, region) -%}
    {#- the same Python function, registered on the SparkSession by cwh.spark.session -#}
    {{ duckdb__normalize_phone(expr, region) }}
{%- endmacro %}
