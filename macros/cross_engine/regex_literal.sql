{#-
    A regular expression as a SQL string literal of the engine. Patterns are written once, in the RE2
    syntax DuckDB uses; Spark (Java regex, string literals with backslash escapes) gets the backslashes
    doubled and the Unicode script class `\p{Han}` spelled `\p{IsHan}`.
    Argument: pattern (the regular expression, as text).
-#}
{% macro regex_literal(pattern) -%}
    {{ return(adapter.dispatch('regex_literal', 'customer_warehouse')(pattern)) }}
{%- endmacro %}

{% macro default__regex_literal(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__regex_literal(pattern) -%}
    '{{ pattern | replace('\\p{Han}', '\\p{IsHan}') | replace('\\', '\\\\') | replace("'", "\\'") }}'
{%- endmacro %}
