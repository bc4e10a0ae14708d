{#-
    True for every copy of a raw row after the first (same value in every contract column), in file
    order. Partitions by the columns themselves rather than a hash, so no two different rows can ever
    collide. Argument: entity (raw entity name).
-#}
{% macro is_exact_duplicate(entity) -%}
    row_number() over (
        partition by {% for column in raw_contract_columns(entity) %}{{ adapter.quote(column) }}{{ ", " if not loop.last }}{% endfor %}
        order by _source_file, _source_row
    ) > 1
{%- endmacro %}
