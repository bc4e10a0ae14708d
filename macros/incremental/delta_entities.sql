{#-
    The raw entities this build may update by delta instead of rebuilding: the comma-separated list in
    environment variable CWH_DELTA_ENTITIES, which only `python -m cwh build` sets (cwh.build_scope), and
    only when the one change since the last published build is new files appended to those entities.
    Empty (every model rebuilds whole) when dbt runs on its own. No argument; returns a list.
-#}
{% macro delta_entities() -%}
    {{ return(env_var('CWH_DELTA_ENTITIES', '').split(',') | map('trim') | reject('equalto', '') | list) }}
{%- endmacro %}
