{#-
    True when this run recorded the keys it wrote into model table `relation` (delta_written_keys
    exists: the hooks drop every such table when a run starts, so one that exists is this run's). Runs a
    query on information_schema; call it only while executing. Argument: relation (the model's table).
-#}
{% macro delta_written_exists(relation) -%}
    {%- set written = delta_written_keys(relation) -%}
    {%- set found = run_query(
        "select count(*) from information_schema.tables where table_catalog = '" ~ written.database
        ~ "' and table_schema = '" ~ written.schema ~ "' and table_name = '" ~ written.identifier ~ "'"
    ) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}
