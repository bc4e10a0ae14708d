{#-
    Every match of `pattern` in `expr`, as a list of text in order (an empty list when none).
    Arguments: expr (SQL expression), pattern (regular expression, RE2 syntax, no capture groups).
-#}
{% macro regexp_extract_all(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_extract_all', 'customer_warehouse')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_extract_all(expr, pattern) -%}
    regexp_extract_all({{ expr }}, {{ regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regexp_extract_all(expr, pattern) -%}
    regexp_extract_all({{ expr }}, {{ regex_literal(pattern) }}, 0)
{%- endmacro %}
