{#-
    The one rule of which rows a delta build of orders recomputes in a model, as a SQL condition on the
    model's columns: the model's import CTE reads only those rows (delta_rows_only) and the strategy
    replace_recomputed_rows deletes exactly those rows before inserting the new ones. Kinds:
    'orders' (column order_key; the orders recomputed in base_raw__orders, changed_order_keys),
    'customers' (column customer_id; customers whose orders changed, changed_order_customers),
    'activity' (column customer_id; activity_changed_customers over `relation`),
    'snapshots' (column snapshot_date; snapshots from snapshots_recomputed_from over `relation` on, and
    snapshot days no longer in int_value_snapshot_dates, which the snapshots CTE never holds).
    Arguments: kind (one of the four), relation (the model's own table).
-#}
{% macro recomputed_rows(kind, relation) -%}
    {%- if kind == 'orders' -%}
        order_key in ({{ changed_order_keys() }})
    {%- elif kind == 'customers' -%}
        customer_id in ({{ changed_order_customers() }})
    {%- elif kind == 'activity' -%}
        customer_id in ({{ activity_changed_customers(relation) }})
    {%- elif kind == 'snapshots' -%}
        (snapshot_date >= {{ snapshots_recomputed_from(relation) }}
        or snapshot_date not in (select snapshot_date from {{ ref('int_value_snapshot_dates') }}))
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "recomputed_rows: config recomputed_rows must be 'orders', 'customers', 'activity' or 'snapshots', got '"
            ~ kind ~ "' in model " ~ model.name
        ) }}
    {%- endif -%}
{%- endmacro %}
