{#-
    The persistent id registry (model int_customer_id_registry) as it was before this run, or none when
    it does not exist yet (first run into a new warehouse). int_customer_ids_assigned reads the registry
    through this macro rather than `ref`: the registry is written from the assignments, so a `ref` would
    be a cycle. dbt runs the assignments first because the registry refs them. The relation's location
    comes from the registry node in the graph, so a changed schema or alias config is followed (no
    graph, as in a unit test: none). No argument.
-#}
{% macro identity_registry_relation() %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = (graph.get('nodes') or {}).get('model.' ~ project_name ~ '.int_customer_id_registry') -%}
    {%- if node is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{% endmacro %}
