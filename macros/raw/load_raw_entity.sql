{#-
    Loads one raw entity (a source node of source `raw`) from `raw_dir`; see load_raw_files.
    When the only change since the last load is new files (every file of that load is still there with
    the same size and modification time, and the contract is the same), only the new files are read and
    their rows appended: a day's delivery as an extra part file does not re-read the history.
    The files are read into `raw."<entity>__loading"`, and their rejected rows and file log into temp
    tables; the last statement (`raw_publish_`) swaps or appends the table and moves the rejected rows
    and the file log in, so the entity changes whole or not at all. The CSV reader commits after
    reading each file (see load_raw_csv_file), so a build that fails part-way leaves only a `__loading`
    table behind, which the next load replaces.
    Arguments: node (the source node from `graph.sources`), raw_dir (folder with the raw files).
-#}
{% macro load_raw_entity(node, raw_dir) %}
    {%- set entity = node.name -%}
    {%- set contract = node.columns.values() | map(attribute='name') | list -%}
    {%- set required = [] -%}
    {%- for column in node.columns.values() if column.meta.get('required') -%}
        {%- do required.append(column.name) -%}
    {%- endfor -%}
    {%- set files = raw_entity_files(entity, raw_dir) -%}

    {%- if files | length == 0 and node.meta.get('required_entity') -%}
        {{ exceptions.raise_compiler_error(
            "raw data: no file for required entity '" ~ entity ~ "' in " ~ raw_dir ~ ". Expected "
            ~ entity ~ ".csv, " ~ entity ~ ".parquet or " ~ entity ~ "/*.csv|*.parquet with at least the columns: "
            ~ required | join(', ') ~ ". Set RAW_DIR (or var raw_dir) to the folder with your files, or run `make data`."
        ) }}
    {%- endif -%}

    {%- set fingerprint = raw_files_fingerprint(files, contract, raw_dir) -%}
    {%- set last_load = run_query(
        "select max_by(fingerprint, loaded_at), max_by(files, loaded_at) from raw._load_log"
        ~ " where entity = '" ~ entity ~ "'"
    ).rows[0] -%}
    {%- set previous = last_load[0] -%}
    {%- set table_exists = run_query(
        "select count(*) from duckdb_tables() where database_name = current_database()"
        ~ " and schema_name = 'raw' and table_name = '" ~ entity ~ "'"
    ).columns[0].values()[0] -%}
    {%- if previous == fingerprint and table_exists > 0 -%}
        {{ log("raw." ~ entity ~ ": files unchanged since the last load, not reloaded", info=False) }}
        {{ return(none) }}
    {%- endif -%}

    {%- set loaded_files = (last_load[1] or '').split(';') | reject('equalto', '') | list -%}
    {%- set new_files = files | reject('in', loaded_files) | list -%}
    {#- append only when every file of the last load is unchanged: same fingerprint as then -#}
    {%- set append = table_exists > 0 and loaded_files and new_files
        and loaded_files | reject('in', files) | list | length == 0
        and raw_files_fingerprint(loaded_files, contract, raw_dir) == previous -%}

    {%- set loading = 'raw."' ~ entity ~ '__loading"' -%}
    {%- call statement('raw_create_' ~ entity) -%}
        create or replace table {{ loading }} (
            {%- for column in contract %}
            "{{ column }}" varchar,
            {%- endfor %}
            _source_file varchar,
            _source_row bigint,
            _row_hash ubigint,
            _loaded_at timestamp
        );
        -- what the files of this load set aside and the log of the files read, published with the rows
        create or replace temp table _cwh_entity_rejected as select * from raw._rejected_rows limit 0;
        create or replace temp table _cwh_entity_files as select * from raw._load_files limit 0;
    {%- endcall -%}

    {%- set digests = {} -%}
    {%- if append -%}
        {%- for row in run_query(
            "select file_path, max_by(digest, loaded_at) from raw._load_files where entity = '" ~ entity
            ~ "' group by file_path"
        ).rows if row[0] in loaded_files and row[1] -%}
            {%- do digests.update({row[1]: row[0]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for file in (new_files if append else files) -%}
        {%- if file.endswith('.parquet') -%}
            {%- set info = load_raw_parquet_file(entity, file, contract, required, loading) -%}
        {%- else -%}
            {%- set info = load_raw_csv_file(entity, file, contract, required, loading) -%}
        {%- endif -%}
        {%- if info.digest and info.digest in digests -%}
            {{ log("WARNING raw file " ~ file ~ ": identical to " ~ digests[info.digest]
                ~ "; its rows go to audit.quarantine_" ~ entity ~ " as exact_duplicate", info=True) }}
        {%- elif info.digest -%}
            {%- do digests.update({info.digest: file}) -%}
        {%- endif -%}
    {%- endfor -%}

    {%- call statement('raw_publish_' ~ entity) -%}
        {%- if not append %}
        delete from raw._rejected_rows where entity = '{{ entity }}';
        {%- endif %}
        insert into raw._rejected_rows by name select * from _cwh_entity_rejected;
        insert into raw._load_files by name select * from _cwh_entity_files;
        drop table _cwh_entity_rejected;
        drop table _cwh_entity_files;
        {%- if append %}
        insert into raw."{{ entity }}" select * from {{ loading }};
        drop table {{ loading }};
        {%- else %}
        drop table if exists raw."{{ entity }}";
        alter table {{ loading }} rename to "{{ entity }}";
        {%- endif %}
        insert into raw._load_log
        select
            '{{ entity }}',
            '{{ fingerprint }}',
            '{{ files | join(";") }}',
            (select count(*) from raw."{{ entity }}"),
            (select count(*) from raw._rejected_rows where entity = '{{ entity }}'),
            current_timestamp;
    {%- endcall -%}
    {%- if append -%}
        {{ log("raw." ~ entity ~ ": appended " ~ new_files | length ~ " new file(s)", info=True) }}
    {%- else -%}
        {{ log("raw." ~ entity ~ ": loaded " ~ files | length ~ " file(s)", info=True) }}
    {%- endif -%}
{% endmacro %}
