{#-
    Hook (on-run-start and on-run-end): drops the written-keys table (delta_written_keys) of every model
    that a delta build of orders can update (config recomputed_rows). At the start, a table left by a run
    that stopped half-way cannot pass for this run's; at the end, none reaches the published warehouse.
    No argument; returns the SQL statements, one per model.
-#}
{% macro drop_delta_written_keys() -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.config.get('recomputed_rows') -%}
            {%- set table = api.Relation.create(
                database=node.database, schema=node.schema, identifier=node.alias, type='table'
            ) -%}
            drop table if exists {{ delta_written_keys(table) }};
        {% endfor -%}
    {%- endif -%}
{%- endmacro %}
