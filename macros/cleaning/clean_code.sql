{#-
    A code for lookups in mapping seeds: clean_text, then lower case (`  DONE ` -> `done`).
    Argument: expr.
-#}
{% macro clean_code(expr) -%}
    lower({{ clean_text(expr) }})
{%- endmacro %}
