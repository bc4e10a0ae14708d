{#-
    True when `pattern` matches somewhere in `expr` (null for null input).
    Arguments: expr (SQL expression), pattern (regular expression, RE2 syntax).
-#}
{% macro regexp_contains(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_contains', 'customer_warehouse')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_contains(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regexp_contains(expr, pattern) -%}
    ({{ expr }} rlike {{ regex_literal(pattern) }})
{%- endmacro %}
