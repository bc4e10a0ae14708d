{#-
    A select that turns columns into rows: per row of `relation` and column of `value_columns`, the
    `key_columns`, the column's name in `name_column` and its value in `value_column`. By default a
    null value gives no row (UNPIVOT's default on both engines); with include_nulls it gives a row with
    a null value, so every row of `relation` gives one row per column (a full grid without a join). The
    value columns must share a type (cast them first). DuckDB `unpivot ... on ... into name ... value ...`
    (its short form, which has no include nulls; with include_nulls the standard form), Spark the
    standard form `unpivot {include|exclude} nulls (... for ... in (...))`. The column lists are spelled
    out because Spark has no star expression such as DuckDB's `columns(* exclude (...))`: take them from the seed
    that names them (macro seed_column_values).
    Arguments: relation (a CTE name or relation), key_columns (list of the column names kept on every
    row), value_columns (list of the column names turned into rows), name_column (name of the output
    column holding a column's name), value_column (name of the output column holding its value),
    include_nulls (true/false, default false).
    Example: unpivot_columns('signal_flags', ['inquiry_id'], ['known_customer', 'vague_inquiry'], 'signal', 'fired').
-#}
{% macro unpivot_columns(relation, key_columns, value_columns, name_column, value_column, include_nulls=false) -%}
    {%- if execute -%}
        {%- if not value_columns -%}
            {{ exceptions.raise_compiler_error("unpivot_columns on " ~ relation ~ ": value_columns is empty") }}
        {%- endif -%}
        {%- for column in value_columns if not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', column) -%}
            {{ exceptions.raise_compiler_error(
                "unpivot_columns on " ~ relation ~ ": " ~ column ~ " is not a plain column name"
            ) }}
        {%- endfor -%}
    {%- endif -%}
    {{ return(adapter.dispatch('unpivot_columns', 'customer_warehouse')(
        relation, key_columns, value_columns, name_column, value_column, include_nulls
    )) }}
{%- endmacro %}

{% macro default__unpivot_columns(relation, key_columns, value_columns, name_column, value_column, include_nulls) -%}
    {%- if include_nulls -%}
        {{ unpivot_columns_standard(relation, key_columns, value_columns, name_column, value_column, include_nulls) }}
    {%- else -%}
    select
        {% for column in key_columns %}{{ column }}, {% endfor %}{{ name_column }}, {{ value_column }}
    from (
        unpivot {{ relation }}
        on {{ value_columns | join(', ') }}
        into name {{ name_column }} value {{ value_column }}
    ) as unpivoted
    {%- endif -%}
{%- endmacro %}

{% macro spark__unpivot_columns(relation, key_columns, value_columns, name_column, value_column, include_nulls) -%}
    {{ unpivot_columns_standard(relation, key_columns, value_columns, name_column, value_column, include_nulls) }}
{%- endmacro %}
