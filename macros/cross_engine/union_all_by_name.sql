{#-
    The set operator that stacks two selects matching columns by name. Spark SQL has no `union all by
    name`; it matches by position, so on Spark both selects must list the same columns in the same order
    (the callers' do: see int_customer_pairs_scored). No argument.
-#}
{% macro union_all_by_name() -%}
    {{ return(adapter.dispatch('union_all_by_name', 'customer_warehouse')()) }}
{%- endmacro %}

{% macro default__union_all_by_name() -%}
    union all by name
{%- endmacro %}

{% macro spark__union_all_by_name() -%}
    union all
{%- endmacro %}
