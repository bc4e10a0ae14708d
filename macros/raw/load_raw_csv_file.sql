{#-
    Appends one CSV file of a raw entity to `target_table` (see load_raw_entity). The file is first
    inspected by the UDF `cwh_inspect_raw_file` (encoding, delimiter, header); a GBK/GB18030 file is
    read through a UTF-8 copy. Columns are matched by normalised header name; contract columns the
    file lacks become NULL, columns outside the contract are ignored with a warning. Lines DuckDB
    rejects go to raw._rejected_rows, and `_source_row` still counts data rows of the file.
    Arguments: entity, file (path), contract (column names), required (column names), target_table.
-#}
{% macro load_raw_csv_file(entity, file, contract, required, target_table) %}
    {%- set cache_dir = env_var('DUCKDB_TEMP_DIR', 'warehouse/tmp') ~ '/raw_utf8' -%}
    {%- set inspected = run_query(
        "select cwh_inspect_raw_file('" ~ file ~ "', '" ~ cache_dir ~ "')"
    ).columns[0].values()[0] -%}
    {%- set info = fromjson(inspected) -%}
    {%- if info.error -%}
        {{ exceptions.raise_compiler_error(info.error) }}
    {%- endif -%}
    {%- do check_raw_columns(entity, file, info.columns, contract, required) -%}
    {%- set basename = file.split('/')[-1] -%}
    {%- call statement('raw_read_' ~ entity) -%}
        create or replace temp table _cwh_raw_part as
        select
            *,
            row_number() over () as _ordinal
        from read_csv(
            '{{ info.path }}',
            header = true,
            auto_detect = false,
            delim = '{{ info.delimiter }}',
            quote = '"',
            escape = '"',
            columns = {
                {%- for column in info.columns -%}
                '{{ column }}': 'VARCHAR'{{ ", " if not loop.last }}
                {%- endfor -%}
            },
            store_rejects = true
        );

        create or replace temp table _cwh_raw_rejects as
        select
            line - 1 as data_row,
            any_value(error_type) as error_type,
            string_agg(distinct error_message, '; ') as error_message,
            any_value(csv_line) as raw_line
        from reject_errors
        where scan_id = (select max(scan_id) from reject_scans)
        group by line;

        insert into raw._rejected_rows
        select
            '{{ entity }}',
            '{{ basename }}',
            data_row,
            error_type,
            error_message,
            raw_line,
            current_timestamp
        from _cwh_raw_rejects;

        -- a data row's number in the file = its ordinal among accepted rows + rejected rows before it
        create or replace temp table _cwh_raw_shift as
        select
            data_row - row_number() over (order by data_row) as accepted_before,
            row_number() over (order by data_row) as rejected_so_far
        from _cwh_raw_rejects;

        insert into {{ target_table }}
        select
            {%- for column in contract %}
            {% if column in info.columns %}part."{{ column }}"{% else %}cast(null as varchar){% endif %} as "{{ column }}",
            {%- endfor %}
            '{{ basename }}' as _source_file,
            part._ordinal + coalesce(shift.rejected_so_far, 0) as _source_row,
            hash(
                {%- for column in contract -%}
                {% if column in info.columns %}part."{{ column }}"{% else %}cast(null as varchar){% endif %}{{ ", " if not loop.last }}
                {%- endfor -%}
            ) as _row_hash,
            current_timestamp as _loaded_at
        from _cwh_raw_part as part
        asof left join (
            select accepted_before, max(rejected_so_far) as rejected_so_far
            from _cwh_raw_shift
            group by accepted_before
        ) as shift
            on part._ordinal > shift.accepted_before;

        drop table _cwh_raw_part;
    {%- endcall -%}
{% endmacro %}
