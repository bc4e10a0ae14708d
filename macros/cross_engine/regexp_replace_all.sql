{#-
    Every match of `pattern` in `expr` replaced by `replacement` (DuckDB needs the 'g' flag for that;
    Spark's regexp_replace always replaces every match).
    Arguments: expr (SQL expression), pattern (regular expression, RE2 syntax), replacement (text).
-#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'customer_warehouse')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ regex_literal(pattern) }}, '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ regex_literal(pattern) }}, '{{ replacement }}')
{%- endmacro %}
