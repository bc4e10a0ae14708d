{#-
    Text to decimal(18, 2): a leading currency sign (¥ $ € £) and thousands separators (1,234.50) are
    removed; NULL when what is left is not a number (12,3x). Argument: expr (cleaned text).
-#}
{% macro parse_decimal(expr) -%}
    try_cast(
        case
            when {{ regexp_full_match(expr, '[¥$€£]?-?\\d{1,3}(,\\d{3})+(\\.\\d+)?') }}
                then replace({{ regexp_replace_all(expr, '^[¥$€£]', '') }}, ',', '')
            else {{ regexp_replace_all(expr, '^[¥$€£]', '') }}
        end as decimal(18, 2)
    )
{%- endmacro %}
