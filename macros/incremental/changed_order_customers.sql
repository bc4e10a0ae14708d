{#-
    A query for the customers whose orders this build recomputed in base_raw__orders: every version of
    each changed order counts, the replaced ones too, so a customer who lost an order to a newer version
    is in it as well as the one who gained it. Each row's source record is resolved to its customer_id
    by int_customer_records_clustered, which a delta build of orders leaves as it was. A model that calls
    it declares both refs in `depends_on` comments. No argument.
-#}
{% macro changed_order_customers() -%}
    select distinct customer_records.customer_id
    from {{ ref('base_raw__orders') }} as changed_orders
    inner join {{ ref('int_customer_records_clustered') }} as customer_records
        on changed_orders.customer_record_key = customer_records.customer_record_key
    where changed_orders._built_at = {{ build_timestamp() }}
{%- endmacro %}
