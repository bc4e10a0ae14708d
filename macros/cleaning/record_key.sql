{#-
    The key of a record across source systems: `<source_system>|<id>` (crm|C0001). NULL when either
    part is NULL. Arguments: source_system, id (SQL expressions).
-#}
{% macro record_key(source_system, id) -%}
    {{ source_system }} || '|' || {{ id }}
{%- endmacro %}
