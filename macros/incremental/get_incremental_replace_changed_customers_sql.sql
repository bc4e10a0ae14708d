{#-
    The incremental strategy `replace_changed_customers`, for a per-customer history (column customer_id;
    a customer's rows depend on that customer's orders only) in a delta build of orders (is_delta):
    deletes the rows of the customers whose orders this build recomputed (changed_order_customers), then
    inserts the model's rows, which are exactly those customers' current rows (changed_customers_only).
    dbt calls it with arg_dict (target_relation, temp_relation, dest_columns); a model chooses it with
    `incremental_strategy='replace_changed_customers'`.
-#}
{% macro get_incremental_replace_changed_customers_sql(arg_dict) -%}
    {{ replace_rows_sql(arg_dict, 'customer_id in (' ~ changed_order_customers() ~ ')') }}
{%- endmacro %}
