{#-
    The delta input of a base_raw__ model (in place of raw_rows_flagged, same columns): the raw rows of
    `entity` that the model has to compute again, with `is_exact_duplicate`. Those are the rows of the
    files it has not read yet, and every row of each key that gets a new row or matches
    `revisit_where` in the model's table. A key's rows are judged together (the latest version wins), so
    all of them come back; an exact copy has the same key as its original, so copies are judged again too.
    The copy flag is decided, as in a full build, over every raw row with the same content.
    The model replaces the rows of those keys (incremental strategy delete+insert on `key_column`).
    Arguments: entity (raw entity name), key_column (the model's key column), key_sql (the same key
    computed from the raw text columns), revisit_where (a condition on the model's rows whose keys are
    judged again although no new row has them, e.g. rows rejected as future dates: the build time moved on).
-#}
{% macro raw_rows_to_rebuild(entity, key_column, key_sql, revisit_where) -%}
    {%- set row_hash = raw_content_hash(entity) -%}
    with
    raw_rows as (
        select * from {{ source('raw', entity) }}
    ),

    built as (
        select _source_file, _source_row, {{ key_column }}, ({{ revisit_where }}) as is_revisited
        from {{ this }}
    ),

    new_rows as (
        select *
        from raw_rows
        where _source_file not in (select distinct _source_file from built)
    ),

    keys_to_rebuild as (
        select {{ key_sql }} as {{ key_column }}
        from new_rows
        union
        select {{ key_column }}
        from built
        where is_revisited
    ),

    rows_to_rebuild as (
        select _source_file, _source_row
        from new_rows
        union all
        select _source_file, _source_row
        from built
        where {{ key_column }} in (select {{ key_column }} from keys_to_rebuild)
    ),

    rebuilt as (
        select raw_rows.*
        from raw_rows
        semi join rows_to_rebuild
            on raw_rows._source_file = rows_to_rebuild._source_file
            and raw_rows._source_row = rows_to_rebuild._source_row
    ),

    -- every raw row with the content of a rebuilt row: the copy flag needs all of them
    same_content as (
        select *
        from raw_rows
        where {{ row_hash }} in (select {{ row_hash }} from rebuilt)
    ),

    flagged as (
        {{ raw_rows_flagged('same_content', entity) }}
    )

    select flagged.*
    from flagged
    semi join rows_to_rebuild
        on flagged._source_file = rows_to_rebuild._source_file
        and flagged._source_row = rows_to_rebuild._source_row
{%- endmacro %}
