{#-
    The contract columns of a raw entity (source `raw`, table `entity`), in contract order, read from
    the sources YAML through the graph. Argument: entity. Returns a list (empty while parsing).
-#}
{% macro raw_contract_columns(entity) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- for node in graph.sources.values() if node.source_name == 'raw' and node.name == entity -%}
        {{ return(node.columns.values() | map(attribute='name') | list) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("raw entity '" ~ entity ~ "' is not declared in source raw") }}
{% endmacro %}
