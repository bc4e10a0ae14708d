{#-
    The hash of a raw row's content: every contract column of raw entity `entity`, as text (`null`
    when the contract has no column). Computed in the query, not taken from the loader's `_row_hash`,
    so rows loaded by another engine version still compare. Equal content gives an equal hash; equal
    hashes are only candidates (raw_rows_flagged decides on the columns themselves).
    Argument: entity (raw entity name).
-#}
{% macro raw_content_hash(entity) -%}
    {%- set columns = [] -%}
    {%- for column in raw_contract_columns(entity) -%}
        {%- do columns.append(adapter.quote(column)) -%}
    {%- endfor -%}
    {{- 'hash(' ~ columns | join(', ') ~ ')' if columns else 'null' -}}
{%- endmacro %}
