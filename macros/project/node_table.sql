{#-
    The warehouse table of a node of the graph (a model or seed: its database, schema and alias), for
    macros that reach a node through `graph` rather than `ref` (the written-keys tables of the delta
    build, seed_relation). Argument: node (an entry of graph.nodes).
-#}
{% macro node_table(node) -%}
    {{ return(api.Relation.create(
        database=node.database, schema=node.schema, identifier=node.alias, type='table'
    )) }}
{%- endmacro %}
