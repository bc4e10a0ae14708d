{#-
    Comparison key of a name or other free text: lower case, accents removed (José -> jose), every
    character that is not a letter or a digit dropped (spaces, hyphens, dots, middle dots).
    `张 伟` -> `张伟`, `Zhang-Wei` -> `zhangwei`. Argument: expr (text, ideally already simplified Chinese).
-#}
{% macro identity_name_key(expr) -%}
    {{ return(adapter.dispatch('identity_name_key', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__identity_name_key(expr) -%}
    nullif(regexp_replace(lower({{ expr }}), '[^[:alnum:]]', '', 'g'), '')
{%- endmacro %}

{% macro duckdb__identity_name_key(expr) -%}
    nullif(regexp_replace(lower(strip_accents({{ expr }})), '[^\p{L}\p{N}]', '', 'g'), '')
{%- endmacro %}

{% macro spark__identity_name_key(expr) -%}
    {#- Spark has no strip_accents: cwh_strip_accents (cwh.cleaning.text.strip_accents) drops the same marks -#}
    nullif(regexp_replace(lower(cwh_strip_accents({{ expr }})), {{ regex_literal('[^\\p{L}\\p{N}]') }}, ''), '')
{%- endmacro %}
