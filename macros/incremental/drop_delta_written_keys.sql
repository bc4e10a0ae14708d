{#-
    Hook (on-run-start, after the raw load's commit, and on-run-end): in a delta build (delta_entities),
    drops the written-keys table (delta_written_keys) of every model that a delta build of orders can
    update (config recomputed_rows). At the start, a table left by a run that stopped half-way cannot
    pass for this run's; at the end, none reaches the published warehouse. Any other run writes no such
    table and gets one harmless statement (Spark takes one statement per hook). No argument.
-#}
{% macro drop_delta_written_keys() -%}
    {%- if execute and delta_entities() -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.config.get('recomputed_rows') -%}
            drop table if exists {{ delta_written_keys(node_table(node)) }};
        {% endfor -%}
    {%- else -%}
        select 1 as delta_written_keys_dropped
    {%- endif -%}
{%- endmacro %}
