{#-
    The incremental strategy `replace_changed_orders`, for a model with one row set per order (column
    order_key) in a delta build of orders (is_delta): deletes the rows of the orders this build
    recomputed (changed_order_keys), then inserts the model's rows, which are exactly those orders'
    current rows (none when an order is no longer clean). dbt calls it with arg_dict (target_relation,
    temp_relation, dest_columns); a model chooses it with `incremental_strategy='replace_changed_orders'`.
-#}
{% macro get_incremental_replace_changed_orders_sql(arg_dict) -%}
    {{ replace_rows_sql(arg_dict, 'order_key in (' ~ changed_order_keys() ~ ')') }}
{%- endmacro %}
