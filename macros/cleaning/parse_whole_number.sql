{#-
    Text to a whole number (bigint): `3`, `-2`, `3.0`; NULL for anything else (`2.5`, `3x`), where a
    plain cast would round 2.5 to 3. Argument: expr (cleaned text).
-#}
{% macro parse_whole_number(expr) -%}
    case
        when {{ regexp_full_match(expr, '-?\\d+(\\.0+)?') }} then cast(cast({{ expr }} as decimal(38, 2)) as bigint)
    end
{%- endmacro %}
