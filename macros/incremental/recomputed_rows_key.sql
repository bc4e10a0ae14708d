{#-
    The column that names a recomputed row for each kind of macro recomputed_rows: 'orders' order_key,
    'customers' and 'activity' customer_id, 'snapshots' snapshot_date. A delta build of orders deletes
    and inserts every row of a key together, so the keys it wrote name exactly the rows it wrote
    (delta_written_keys). It refuses any other kind, naming the model. Argument: kind (one of the
    four kinds).
-#}
{% macro recomputed_rows_key(kind) -%}
    {%- set keys = {
        'orders': 'order_key',
        'customers': 'customer_id',
        'activity': 'customer_id',
        'snapshots': 'snapshot_date',
    } -%}
    {%- if kind not in keys -%}
        {{ exceptions.raise_compiler_error(
            "recomputed_rows: config recomputed_rows must be 'orders', 'customers', 'activity' or 'snapshots', got '"
            ~ kind ~ "' in model " ~ model.name
        ) }}
    {%- endif -%}
    {{ return(keys[kind]) }}
{%- endmacro %}
