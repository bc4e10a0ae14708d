{#-
    A struct (record) with named fields: DuckDB struct_pack(name := value), Spark named_struct.
    Argument: fields (list of [name, SQL expression] pairs, in order).
-#}
{% macro struct_of(fields) -%}
    {{ return(adapter.dispatch('struct_of', 'customer_warehouse')(fields)) }}
{%- endmacro %}

{% macro default__struct_of(fields) -%}
    struct_pack({% for field in fields %}{{ field[0] }} := {{ field[1] }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro spark__struct_of(fields) -%}
    named_struct({% for field in fields %}'{{ field[0] }}', {{ field[1] }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}
