{#-
    The SQL-standard unpivot, `from relation unpivot {include|exclude} nulls (value for name in (...))`:
    Spark's only form, and DuckDB's only form that keeps null values (its short form `unpivot ... on
    ...` has no include nulls). Called by unpivot_columns, which checks the arguments; use that.
    Arguments: those of unpivot_columns (include_nulls: true/false).
-#}
{% macro unpivot_columns_standard(relation, key_columns, value_columns, name_column, value_column, include_nulls) -%}
    select
        {% for column in key_columns %}{{ column }}, {% endfor %}{{ name_column }}, {{ value_column }}
    from {{ relation }}
    unpivot {{ 'include' if include_nulls else 'exclude' }} nulls (
        {{ value_column }} for {{ name_column }} in ({{ value_columns | join(', ') }})
    ) as unpivoted
{%- endmacro %}
