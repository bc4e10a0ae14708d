{#-
    The table that holds the keys (recomputed_rows_key) a delta build of orders wrote into the model
    table `relation`: `<table>__delta_written` beside it. The model's incremental strategy fills it
    (record_delta_written_keys), its tests read it (delta_test_scope), and the hook
    drop_delta_written_keys removes it at the start and end of every dbt run, so it only ever describes
    the run under way and is never published. Argument: relation (the model's table).
-#}
{% macro delta_written_keys(relation) -%}
    {{ return(api.Relation.create(
        database=relation.database,
        schema=relation.schema,
        identifier=relation.identifier ~ '__delta_written',
        type='table',
    )) }}
{%- endmacro %}
