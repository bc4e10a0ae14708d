{#-
    The incremental strategy `replace_recomputed_rows` of the models a delta build of orders updates
    (is_delta): records the keys of the rows it writes (record_delta_written_keys), deletes the rows the
    build recomputes, by the model's config `recomputed_rows` (macro recomputed_rows, read on the table
    before the delete), then inserts the model's rows, exactly their current versions (fewer when some
    no longer exist). dbt calls it with arg_dict (target_relation, temp_relation, dest_columns).
-#}
{% macro get_incremental_replace_recomputed_rows_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set kind = config.get('recomputed_rows') -%}
    {{ record_delta_written_keys(arg_dict['target_relation'], arg_dict['temp_relation']) }}

    delete from {{ arg_dict['target_relation'] }}
    where {{ recomputed_rows(kind, arg_dict['target_relation']) }};

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
