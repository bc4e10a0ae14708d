{#-
    The statements of the delta strategies (replace_changed_orders, replace_changed_customers,
    replace_changed_snapshots): delete the target's rows that match `delete_where`, the rows this build
    recomputes, then insert the model's rows, which are exactly their current versions (fewer when some
    no longer exist). Arguments: arg_dict (dbt's, with target_relation, temp_relation, dest_columns),
    delete_where (a SQL condition on the target's columns).
-#}
{% macro replace_rows_sql(arg_dict, delete_where) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ delete_where }};

    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}
