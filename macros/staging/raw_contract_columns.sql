{#-
    The contract columns of a raw entity (source `raw`, table `entity`), in contract order, read from
    the sources YAML through the graph. Argument: entity. Returns a list (empty while parsing).
    dbt unit tests compile against a manifest without the graph (`graph` is empty there): the columns
    are then read from the loaded table raw.<entity>, whose columns are the contract's in contract
    order plus the loader's lineage columns (_source_file, _source_row, _row_hash, _loaded_at).
-#}
{% macro raw_contract_columns(entity) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if graph.get('sources') -%}
        {%- for node in graph.sources.values() if node.source_name == 'raw' and node.name == entity -%}
            {{ return(node.columns.values() | map(attribute='name') | list) }}
        {%- endfor -%}
    {%- else -%}
        {%- set relation = adapter.get_relation(database=target.database, schema='raw', identifier=entity) -%}
        {%- if relation is not none -%}
            {%- set lineage = ['_source_file', '_source_row', '_row_hash', '_loaded_at'] -%}
            {{ return(adapter.get_columns_in_relation(relation) | map(attribute='name') | reject('in', lineage) | list) }}
        {%- endif -%}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("raw entity '" ~ entity ~ "' is not declared in source raw") }}
{% endmacro %}
