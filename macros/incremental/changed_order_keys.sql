{#-
    A query for the order keys this build recomputed in base_raw__orders (`_built_at` is this build's
    start): the orders whose rows downstream models delete and insert again in a delta build. A model
    that calls it declares base_raw__orders in a `depends_on` comment (dbt sees the ref while parsing,
    when the delta branch is not rendered). No argument.
-#}
{% macro changed_order_keys() -%}
    select order_key
    from {{ ref('base_raw__orders') }}
    where _built_at = {{ build_timestamp() }}
        and order_key is not null
{%- endmacro %}
