{#-
    The statement with which an incremental strategy of a model a delta build of orders updates (config
    recomputed_rows) records the keys (recomputed_rows_key) of the rows it is about to insert, the rows
    of `temp_relation`, into delta_written_keys of `target_relation`. Every row of such a key is replaced
    together, so the keys name exactly the rows the build wrote. Empty outside a delta build of orders
    (fct_orders is incremental in every build; only a delta build's hooks drop the record) and for a
    model without that config.
    Arguments: target_relation, temp_relation (those dbt passes to the strategy).
-#}
{% macro record_delta_written_keys(target_relation, temp_relation) -%}
    {%- set kind = config.get('recomputed_rows') -%}
    {%- if kind and 'orders' in delta_entities() -%}
        create or replace table {{ delta_written_keys(target_relation) }} as
        select distinct {{ recomputed_rows_key(kind) }}
        from {{ temp_relation }};
    {%- endif -%}
{%- endmacro %}
