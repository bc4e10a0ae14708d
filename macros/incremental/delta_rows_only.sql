{#-
    A where clause for a model's import CTE: in a delta build of orders (is_delta), only the rows the
    build recomputes, by the model's config `recomputed_rows` (macro recomputed_rows); nothing in a
    normal build, so the CTE reads every row. No argument.
-#}
{% macro delta_rows_only() -%}
    {%- if is_delta('orders') -%}
        where {{ recomputed_rows(config.get('recomputed_rows'), this) }}
    {%- endif -%}
{%- endmacro %}
