{#-
    dbt's incremental strategy delete+insert (dispatched from get_incremental_delete_insert_sql), with
    the record of the written keys first (record_delta_written_keys) for a model a delta build of orders
    updates (fct_orders); dbt's own statements otherwise. dbt calls it with arg_dict.
-#}
{% macro default__get_incremental_delete_insert_sql(arg_dict) -%}
    {{ record_delta_written_keys(arg_dict['target_relation'], arg_dict['temp_relation']) }}
    {{ get_delete_insert_merge_sql(
        arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'],
        arg_dict['dest_columns'], arg_dict['incremental_predicates']
    ) }}
{%- endmacro %}
