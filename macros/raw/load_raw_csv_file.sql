{#-
    Appends one CSV file of a raw entity to `target_table` (see load_raw_entity) and returns what the
    UDF `cwh_inspect_raw_file` (cwh.rawfiles) found: encoding, delimiter, header, digest, line counts.

    - A file that cannot be read at all (empty, binary, undecodable, no header, repeated header names)
      stops the build with a message naming the file and what was expected. A GBK/GB18030 or UTF-16
      file is read through a UTF-8 copy.
    - Columns are matched by normalised header name; contract columns the file lacks become NULL,
      columns outside the contract are ignored with a warning (check_raw_columns).
    - The reader's max_line_size and buffer are sized to the file's longest line, so no line is too long
      to read (DuckDB drops a line longer than its buffer without an error).
    - Lines DuckDB rejects (wrong number of fields, broken quotes, bytes that are not UTF-8) go to
      raw._rejected_rows with reason malformed_row; rows with a field longer than var
      raw_max_field_bytes go there with reason field_too_long. `_source_row` counts data rows of the
      file, rejected ones included, so every row keeps its place.
    - Every data line of the file must end up loaded or rejected (blank lines excepted); otherwise the
      build stops, naming the file and the counts.
    Arguments: entity, file (path), contract (column names), required (column names), target_table.
-#}
{% macro load_raw_csv_file(entity, file, contract, required, target_table) %}
    {%- set cache_dir = env_var('DUCKDB_TEMP_DIR', 'warehouse/tmp') ~ '/raw_utf8' -%}
    {%- set inspected = run_query(
        "select cwh_inspect_raw_file('" ~ file | replace("'", "''") ~ "', '" ~ cache_dir | replace("'", "''") ~ "')"
    ).columns[0].values()[0] -%}
    {%- set info = fromjson(inspected) -%}
    {%- if info.error -%}
        {{ exceptions.raise_compiler_error(info.error) }}
    {%- endif -%}
    {%- do check_raw_columns(entity, file, info.columns, contract, required) -%}
    {%- if info.data_lines - info.blank_lines == 0 -%}
        {{ log("WARNING raw file " ~ file ~ ": has a header but no data rows (0 rows loaded)", info=True) }}
    {%- endif -%}
    {%- set basename = file.split('/')[-1] | replace("'", "''") -%}
    {%- set max_field_bytes = var('raw_max_field_bytes', 1048576) | int -%}
    {%- set present = [] -%}
    {%- for column in contract if column in info.columns -%}
        {%- do present.append(column) -%}
    {%- endfor -%}
    {%- set longest_field -%}
        greatest(0{% for column in present %}, coalesce(strlen(part."{{ column }}"), 0){% endfor %})
    {%- endset -%}
    {%- call statement('raw_read_' ~ entity) -%}
        drop table if exists _cwh_reject_errors;
        drop table if exists _cwh_reject_scans;

        -- no row_number() here: numbering rows while reading runs on one thread (10M orders: 14 s
        -- against 6 s); the table's rowid is the same number (DuckDB keeps the file's row order)
        create or replace temp table _cwh_raw_part as
        select *
        from read_csv(
            '{{ info.path | replace("'", "''") }}',
            header = true,
            auto_detect = false,
            delim = '{{ info.delimiter }}',
            quote = '"',
            escape = '"',
            max_line_size = {{ info.max_line_size }},
            buffer_size = {{ info.buffer_size }},
            columns = {
                {%- for column in info.columns -%}
                '{{ column }}': 'VARCHAR'{{ ", " if not loop.last }}
                {%- endfor -%}
            },
            store_rejects = true,
            rejects_table = '_cwh_reject_errors',
            rejects_scan = '_cwh_reject_scans'
        );

        -- DuckDB may report several errors for one line: keep the first (by position in the line)
        create or replace temp table _cwh_raw_rejects as
        select
            line - 1 as data_row,
            arg_min(error_type, coalesce(byte_position, 0)) as error_type,
            arg_min(
                'line ' || line || coalesce(', column ' || column_name, '') || ': ' || error_message,
                coalesce(byte_position, 0)
            ) as error_message,
            any_value(csv_line) as raw_line
        from _cwh_reject_errors
        group by line;

        insert into _cwh_entity_rejected by name
        select
            '{{ entity }}' as entity,
            '{{ basename }}' as _source_file,
            data_row as _source_row,
            error_type,
            error_message,
            raw_line,
            current_timestamp as _loaded_at,
            'malformed_row' as reject_reason
        from _cwh_raw_rejects;

        -- a data row's number in the file = its ordinal among accepted rows + rejected rows before it
        create or replace temp table _cwh_raw_shift as
        select
            data_row - row_number() over (order by data_row) as accepted_before,
            row_number() over (order by data_row) as rejected_so_far
        from _cwh_raw_rejects;

        -- Rows a transaction wrote are read by one thread until it commits: the copy into the raw table
        -- below took 33 s for 10M orders in the same transaction, 17 s after this commit. Only temp
        -- tables and the entity's `__loading` table have changed since the last commit (load_raw_entity).
        commit;
        begin;
    {%- endcall -%}

    {%- set malformed = run_query("select count(*) from _cwh_raw_rejects").columns[0].values()[0] | int -%}
    {%- call statement('raw_append_' ~ entity) -%}
        -- a view, not a table: the rows are read twice (over-long rows, the rest), never copied
        create or replace temp view _cwh_raw_numbered as
        with part as (
            -- the row's place among the rows read, from 1 (rowid counts from 0 once committed)
            select *, rowid + 1 - (select min(rowid) from _cwh_raw_part) as _ordinal
            from _cwh_raw_part
        )
        select
            part.*,
            {%- if malformed > 0 %}
            part._ordinal + coalesce(shift.rejected_so_far, 0) as _source_row,
            {%- else %}
            -- no line rejected (the usual case): the ordinal is the row's number, no as-of join to pay for
            part._ordinal as _source_row,
            {%- endif %}
            {{ longest_field }} as _longest_field
        from part
        {%- if malformed > 0 %}
        asof left join (
            select accepted_before, max(rejected_so_far) as rejected_so_far
            from _cwh_raw_shift
            group by accepted_before
        ) as shift
            on part._ordinal > shift.accepted_before
        {%- endif %};

        -- a field too long for BI tools and the cleaning functions: the row is kept whole, as CSV text
        -- (in a table of its own, so counting these rows below does not scan the file's rows again)
        create or replace temp table _cwh_raw_too_long as
        select
            '{{ entity }}' as entity,
            '{{ basename }}' as _source_file,
            _source_row,
            'FIELD TOO LONG' as error_type,
            'line ' || (_source_row + 1) || ': a field has ' || _longest_field || ' bytes; var raw_max_field_bytes allows {{ max_field_bytes }}' as error_message,
            concat_ws(
                '{{ info.delimiter }}'
                {%- for column in info.columns -%}
                , coalesce('"' || replace("{{ column }}", '"', '""') || '"', '')
                {%- endfor %}
            ) as raw_line,
            current_timestamp as _loaded_at,
            'field_too_long' as reject_reason
        from _cwh_raw_numbered
        where _longest_field > {{ max_field_bytes }};

        insert into _cwh_entity_rejected by name
        select * from _cwh_raw_too_long;

        insert into {{ target_table }}
        select
            {%- for column in contract %}
            {% if column in info.columns %}"{{ column }}"{% else %}cast(null as varchar){% endif %} as "{{ column }}",
            {%- endfor %}
            '{{ basename }}' as _source_file,
            _source_row,
            hash(
                {%- for column in contract -%}
                {% if column in info.columns %}"{{ column }}"{% else %}cast(null as varchar){% endif %}{{ ", " if not loop.last }}
                {%- endfor -%}
            ) as _row_hash,
            current_timestamp as _loaded_at
        from _cwh_raw_numbered
        where _longest_field <= {{ max_field_bytes }};
    {%- endcall -%}

    {%- set counted = run_query(
        "select (select count(*) from _cwh_raw_part), (select count(*) from _cwh_raw_rejects),"
        ~ " (select coalesce(sum(1 + strlen(rtrim(raw_line, chr(13) || chr(10))) - strlen(replace(rtrim(raw_line, chr(13) || chr(10)), chr(10), ''))), 0) from _cwh_raw_rejects),"
        ~ " (select count(*) from _cwh_raw_too_long)"
    ).rows[0] -%}
    {%- set accepted = counted[0] | int -%}
    {%- set rejected = counted[1] | int -%}
    {%- set rejected_lines = counted[2] | int -%}
    {%- set too_long = counted[3] | int -%}
    {%- do raw_lines_accounted(file, info, accepted, rejected, rejected_lines, info.columns) -%}
    {%- if rejected + too_long > 0 -%}
        {{ log("WARNING raw file " ~ file ~ ": " ~ rejected ~ " malformed line(s) and " ~ too_long
            ~ " row(s) with a field over " ~ max_field_bytes ~ " bytes set aside (raw._rejected_rows, audit.quarantine_" ~ entity ~ ")", info=True) }}
    {%- endif -%}
    {%- call statement('raw_log_' ~ entity) -%}
        insert into _cwh_entity_files by name
        select
            '{{ entity }}' as entity,
            '{{ basename }}' as file_name,
            '{{ file | replace("'", "''") }}' as file_path,
            'csv' as file_format,
            '{{ info.encoding }}' as encoding,
            '{{ info.delimiter }}' as delimiter,
            {{ info.size }} as file_bytes,
            '{{ info.digest }}' as digest,
            {{ info.data_lines }} as data_lines,
            {{ accepted - too_long }} as loaded_rows,
            {{ rejected }} as malformed_rows,
            {{ too_long }} as too_long_rows,
            current_timestamp as loaded_at;
        drop view _cwh_raw_numbered;
        drop table _cwh_raw_too_long;
        drop table _cwh_raw_part;
    {%- endcall -%}
    {{ return(info) }}
{% endmacro %}
