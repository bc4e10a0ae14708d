{#-
    Every row of raw entity `entity` (relation `raw_relation`, its source) with `is_exact_duplicate`:
    true for every copy of a row after the first (same value in every contract column), in file order.
    Only rows whose hash of the contract columns is shared with another row can be copies, so the
    partition by all columns (which decides, so no two different rows can ever collide) runs on those
    few rows instead of sorting the whole entity by every column (hash: macro raw_content_hash).
    Arguments: raw_relation (e.g. source('raw', 'orders')), entity (raw entity name).
-#}
{% macro raw_rows_flagged(raw_relation, entity) -%}
    {%- set columns = [] -%}
    {%- for column in raw_contract_columns(entity) -%}
        {%- do columns.append(adapter.quote(column)) -%}
    {%- endfor -%}
    {%- set row_hash = raw_content_hash(entity) -%}
    select
        raw_rows.*,
        coalesce(copies.is_exact_duplicate, false) as is_exact_duplicate
    from {{ raw_relation }} as raw_rows
    left join (
        select
            _source_file,
            _source_row,
            row_number() over (
                partition by {{ columns | join(', ') if columns else '_source_file' }}
                order by _source_file, _source_row
            ) > 1 as is_exact_duplicate
        from {{ raw_relation }}
        where {{ row_hash }} in (
            select {{ row_hash }}
            from {{ raw_relation }}
            group by {{ row_hash }}
            having count(*) > 1
        )
    ) as copies
        on
            raw_rows._source_file = copies._source_file
            and raw_rows._source_row = copies._source_row
{%- endmacro %}
