{#-
    True when this run of the model updates it by the delta of raw entity `entity`: the build takes that
    entity as a delta (delta_entities) and the model's table exists (is_incremental). A model's SQL reads
    only the changed rows then; otherwise it reads everything.
    Argument: entity (raw entity name, e.g. 'orders').
-#}
{% macro is_delta(entity) -%}
    {{ return(entity in delta_entities() and is_incremental()) }}
{%- endmacro %}
