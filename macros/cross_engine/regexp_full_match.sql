{#-
    True when the whole of `expr` matches `pattern` (null for null input).
    Arguments: expr (SQL expression), pattern (regular expression, RE2 syntax, without anchors).
-#}
{% macro regexp_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'customer_warehouse')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regexp_full_match(expr, pattern) -%}
    ({{ expr }} rlike {{ regex_literal('^(?:' ~ pattern ~ ')$') }})
{%- endmacro %}
