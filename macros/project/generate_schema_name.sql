{#-
    Schemas are named by layer only (`staging`, `intermediate`, `marts`, `audit`, `seeds`), without
    the target-schema prefix dbt adds by default, so BI tools see stable names on every target.
    Models with no custom schema go to the target schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
