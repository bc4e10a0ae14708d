{#-
    The moment the dbt invocation started (UTC), as a SQL timestamp literal. Events after it cannot have
    happened yet (future_date). No argument.
-#}
{% macro build_timestamp() -%}
    timestamp '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}'
{%- endmacro %}
