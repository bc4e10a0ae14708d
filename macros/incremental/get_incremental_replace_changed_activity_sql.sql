{#-
    The incremental strategy `replace_changed_activity`, for int_activity_spells_derived in a delta
    build of orders (is_delta): deletes the spells of the customers activity_changed_customers names,
    then inserts the model's rows, which are exactly those customers' current spells. dbt calls it with
    arg_dict (target_relation, temp_relation, dest_columns).
-#}
{% macro get_incremental_replace_changed_activity_sql(arg_dict) -%}
    {{ replace_rows_sql(
        arg_dict, 'customer_id in (' ~ activity_changed_customers(arg_dict['target_relation']) ~ ')'
    ) }}
{%- endmacro %}
