{#-
    Appends one Parquet file of a raw entity to `target_table` (see load_raw_entity) and returns what
    the UDF `cwh_inspect_raw_file` found (columns, rows). A file whose footer cannot be read stops the
    build with a message naming the file. Columns are matched by normalised name and cast to text, so
    staging parses every file format the same way.
    Arguments: entity, file (path), contract (column names), required (column names), target_table.
-#}
{% macro load_raw_parquet_file(entity, file, contract, required, target_table) %}
    {%- set quoted_file = file | replace("'", "''") -%}
    {%- set info = fromjson(run_query(
        "select cwh_inspect_raw_file('" ~ quoted_file ~ "', '')"
    ).columns[0].values()[0]) -%}
    {%- if info.error -%}
        {{ exceptions.raise_compiler_error(info.error) }}
    {%- endif -%}
    {%- set by_name = {} -%}
    {%- for actual in info.columns -%}
        {%- do by_name.update({normalize_column_name(actual): actual}) -%}
    {%- endfor -%}
    {%- do check_raw_columns(entity, file, by_name.keys() | list, contract, required) -%}
    {%- set basename = file.split('/')[-1] | replace("'", "''") -%}
    {%- call statement('raw_read_' ~ entity) -%}
        insert into {{ target_table }}
        select
            {%- for column in contract %}
            {% if column in by_name %}cast("{{ by_name[column] }}" as varchar){% else %}cast(null as varchar){% endif %} as "{{ column }}",
            {%- endfor %}
            '{{ basename }}' as _source_file,
            file_row_number + 1 as _source_row,
            hash(
                {%- for column in contract -%}
                {% if column in by_name %}cast("{{ by_name[column] }}" as varchar){% else %}cast(null as varchar){% endif %}{{ ", " if not loop.last }}
                {%- endfor -%}
            ) as _row_hash,
            current_timestamp as _loaded_at
        from read_parquet('{{ quoted_file }}', file_row_number = true);

        insert into _cwh_entity_files by name
        select
            '{{ entity }}' as entity,
            '{{ basename }}' as file_name,
            '{{ quoted_file }}' as file_path,
            'parquet' as file_format,
            {{ info.rows }} as data_lines,
            {{ info.rows }} as loaded_rows,
            0 as malformed_rows,
            0 as too_long_rows,
            current_timestamp as loaded_at;
    {%- endcall -%}
    {{ return(info) }}
{% endmacro %}
