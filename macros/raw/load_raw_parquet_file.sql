{#-
    Appends one Parquet file of a raw entity to `target_table` (see load_raw_entity). Columns are
    matched by normalised name and cast to text, so staging parses every file format the same way.
    Arguments: entity, file (path), contract (column names), required (column names), target_table.
-#}
{% macro load_raw_parquet_file(entity, file, contract, required, target_table) %}
    {%- set described = run_query("select column_name from (describe select * from read_parquet('" ~ file ~ "'))") -%}
    {%- set by_name = {} -%}
    {%- for actual in described.columns[0].values() -%}
        {%- do by_name.update({normalize_column_name(actual): actual}) -%}
    {%- endfor -%}
    {%- do check_raw_columns(entity, file, by_name.keys() | list, contract, required) -%}
    {%- set basename = file.split('/')[-1] -%}
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
        from read_parquet('{{ file }}', file_row_number = true)
    {%- endcall -%}
{% endmacro %}
