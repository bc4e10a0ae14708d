{#-
    SQL (a union all) turning one row per customer of `relation` into one row per customer and segment
    dimension of macro segment_dimensions: customer_id, segment_dimension (the column name),
    segment_value (its value) and segment_value_zh (its Chinese label).
    Argument: relation (a CTE name or relation with customer_id and the segment columns).
-#}
{% macro unpivot_segments(relation) -%}
    {%- for dimension in segment_dimensions() %}
    select
        customer_id,
        '{{ dimension.column }}' as segment_dimension,
        cast({{ dimension.column }} as string) as segment_value,
        cast({{ dimension.label_column }} as string) as segment_value_zh
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
