{#-
    Loads every entity of source `raw` (see models/staging/raw/_raw__sources.yml, the raw data contract)
    from var `raw_dir` into schema `raw`, as text. Runs as on-run-start, so a plain `dbt build` sees the
    files as they are now. An entity whose files did not change since its last load (same names, sizes
    and modification times, same contract) is not reloaded.

    Per entity it reads `<entity>.csv`, `<entity>.parquet` and `<entity>/*.csv|*.parquet`. A missing
    optional entity or column becomes an empty table or NULLs; a missing required entity or column
    stops the build with an error naming the file and what was expected. CSV lines DuckDB cannot parse
    (wrong number of fields, broken quotes, bytes that are not UTF-8) and rows with a field over var
    raw_max_field_bytes are kept in `raw._rejected_rows` (reject_reason malformed_row / field_too_long)
    and reach the entity's quarantine, so raw rows = loaded rows + rejected rows. `raw._load_files`
    logs every file read (encoding, delimiter, digest, lines, rows loaded and rejected).
    On Spark the build (`python -m cwh build-spark`, cwh.spark.raw) loads the files with Spark's readers
    before dbt runs, to the same contract; the `spark__` version only checks that they are there.
-#}
{% macro load_raw_files() %}
    {{- return(adapter.dispatch('load_raw_files', 'customer_warehouse')()) -}}
{% endmacro %}

{% macro spark__load_raw_files() %}
    {%- if not execute -%}
        {{- return('select 1 as raw_files_loaded') -}}
    {%- endif -%}
    {%- set loaded = run_query("show tables in raw like '_rejected_rows'") if adapter.check_schema_exists(target.database, 'raw') else none -%}
    {%- if loaded is none or loaded.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "raw data is not loaded on Spark: schema raw has no table _rejected_rows. Build with "
            ~ "`python -m cwh build-spark` (make build-spark), which loads RAW_DIR into schema raw before dbt runs."
        ) }}
    {%- endif -%}
    {{- return('select 1 as raw_files_loaded') -}}
{% endmacro %}

{% macro default__load_raw_files() %}
    {%- if not execute -%}
        {{- return('select 1 as raw_files_loaded') -}}
    {%- endif -%}
    {%- set raw_dir = (var('raw_dir') | string).rstrip('/') -%}
    {%- do run_query('create schema if not exists raw') -%}
    {%- call statement('raw_audit_tables') -%}
        create table if not exists raw._load_log (
            entity varchar,
            fingerprint varchar,
            files varchar,
            loaded_rows bigint,
            rejected_rows bigint,
            loaded_at timestamp
        );
        create table if not exists raw._rejected_rows (
            entity varchar,
            _source_file varchar,
            _source_row bigint,
            error_type varchar,
            error_message varchar,
            raw_line varchar,
            _loaded_at timestamp,
            reject_reason varchar
        );
        -- warehouses built before the reason column existed
        alter table raw._rejected_rows add column if not exists reject_reason varchar;
        create table if not exists raw._load_files (
            entity varchar,
            file_name varchar,
            file_path varchar,
            file_format varchar,
            encoding varchar,
            delimiter varchar,
            file_bytes bigint,
            digest varchar,
            data_lines bigint,
            loaded_rows bigint,
            malformed_rows bigint,
            too_long_rows bigint,
            loaded_at timestamp
        );
    {%- endcall -%}
    {%- for node in graph.sources.values() if node.source_name == 'raw' -%}
        {%- do load_raw_entity(node, raw_dir) -%}
    {%- endfor -%}
    {#- dbt runs hooks in a transaction it rolls back; the loaded tables must persist -#}
    {{- return('commit') -}}
{% endmacro %}

{#-
    `dbt run-operation load_raw_files_now`: the raw load alone, before a build (cwh.build_scope compares
    raw._load_log before and after it to find the changed entities). The build's hook commits what the
    loader wrote by returning `commit`; a run-operation has no hook, so the statement is run here.
-#}
{% macro load_raw_files_now() %}
    {%- set finish = load_raw_files() -%}
    {%- if finish == 'commit' -%}
        {%- do run_query('commit') -%}
    {%- endif -%}
{% endmacro %}
