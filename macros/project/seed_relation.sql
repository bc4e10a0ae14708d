{#-
    The warehouse table of a seed of this project, for macros that read a seed while a model compiles
    (blocking passes, survivorship rules, the column lists of seed_column_values). It goes through the
    graph rather than `ref` so a unit test, where `ref` points at a fixture CTE, still reads the real
    seed (the graph is empty in a unit test: then the seed is looked for in the `seeds` schema
    dbt_project.yml gives every seed). The model must still declare the dependency (`ref` in a CTE or a
    `-- depends_on:` comment) so the seed loads first.
    Argument: name (the seed's name).
-#}
{% macro seed_relation(name) %}
    {%- set node = (graph.get('nodes') or {}).get('seed.' ~ project_name ~ '.' ~ name) -%}
    {%- if node is none -%}
        {{ return(api.Relation.create(database=target.database, schema='seeds', identifier=name)) }}
    {%- endif -%}
    {{ return(node_table(node)) }}
{% endmacro %}
