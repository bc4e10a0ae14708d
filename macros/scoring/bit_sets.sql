{#-
    Sets of a few named items (a customer's missing inputs, temperament tags) as bits, so a list per
    customer is spelled once per distinct set instead of once per customer: an ordered string_agg over
    every customer's items cost most of a mart's time at 1M customers. item_bit gives each item of a
    small relation one bit of a bigint in a given order (at most 62 items: the seeds' accepted values
    keep them far below); a customer's set is the sum of its items' bits; bit_set_members joins each
    distinct set to its items, to aggregate per set (alias `bit_sets` for the sets).
    Arguments: item_bit: order_by (SQL order-by list of the items). bit_set_members: sets (relation
    holding the sets), bits_column (its column of summed bits), items (relation with one bit per item),
    item_bit_column (that relation's bit column).
    Example: select bit_sets.missing_input_bits, a string_agg of input_bits.input_name, from
    bit_set_members('customer_totals', 'missing_input_bits', 'input_bits', 'input_bit'), grouped by
    bit_sets.missing_input_bits (customer_scores).
-#}
{% macro item_bit(order_by) -%}
    cast(power(2, row_number() over (order by {{ order_by }}) - 1) as bigint)
{%- endmacro %}

{% macro bit_set_members(sets, bits_column, items, item_bit_column) -%}
    (select distinct {{ bits_column }} from {{ sets }}) as bit_sets
    inner join {{ items }}
        on (bit_sets.{{ bits_column }} & {{ items }}.{{ item_bit_column }}) <> 0
{%- endmacro %}
