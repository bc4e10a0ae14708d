{#-
    Stops the build when DuckDB's CSV reader skipped lines of a file without reporting them: every data
    line must be loaded or rejected. Blank lines carry no row; a quoted field may span lines, so the
    line breaks inside loaded fields are counted too (only when the quick count does not already match).
    Arguments: file (path), info (cwh_inspect_raw_file's result), accepted (rows read), rejected (lines
    rejected), rejected_lines (physical lines the rejected records span), columns (file's columns).
-#}
{% macro raw_lines_accounted(file, info, accepted, rejected, rejected_lines, columns) %}
    {%- set lowest = info.data_lines - info.blank_lines -%}
    {%- set highest = info.data_lines -%}
    {%- set covered = accepted + rejected_lines -%}
    {%- if covered < lowest or covered > highest -%}
        {%- set query -%}
            select coalesce(sum(0
                {%- for column in columns %}
                + coalesce(strlen("{{ column }}") - strlen(replace("{{ column }}", chr(10), '')), 0)
                {%- endfor -%}
            ), 0)
            from _cwh_raw_part
        {%- endset -%}
        {%- set covered = covered + (run_query(query).columns[0].values()[0] | int) -%}
    {%- endif -%}
    {%- if covered < lowest or covered > highest -%}
        {{ exceptions.raise_compiler_error(
            "raw file " ~ file ~ ": the CSV reader accounted for " ~ covered ~ " of its " ~ lowest
            ~ " non-blank data lines (" ~ accepted ~ " rows loaded, " ~ rejected ~ " rejected). Expected every line"
            ~ " to be loaded or rejected, so the build stops rather than lose rows silently. Look for quoted fields"
            ~ " that span many lines or lines over " ~ info.max_line_size ~ " bytes, fix the file and rebuild."
        ) }}
    {%- endif -%}
{% endmacro %}
