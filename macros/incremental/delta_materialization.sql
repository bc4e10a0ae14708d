{#-
    The materialisation of a model that can take a delta of raw entity `entity`: `incremental` when the
    build updates that entity by delta (delta_entities), else `table`, so a normal build runs the model
    exactly as a table model and never leaves rows of an earlier build behind.
    Argument: entity (raw entity name, e.g. 'orders').
-#}
{% macro delta_materialization(entity) -%}
    {{ return('incremental' if entity in delta_entities() else 'table') }}
{%- endmacro %}
