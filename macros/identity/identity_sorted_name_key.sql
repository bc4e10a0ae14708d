{#-
    Order-free key of a name: its Latin tokens, or for Chinese its characters, sorted and concatenated.
    `Wei Zhang` and `Zhang Wei` -> `weizhang`; `张伟明` and `伟明张` (given and family name typed
    into each other's field) -> the same key. Arguments: expr (the name text, simplified Chinese),
    script (SQL expression giving 'han' or 'latin').
-#}
{% macro identity_sorted_name_key(expr, script) -%}
    {{ return(adapter.dispatch('identity_sorted_name_key', 'customer_warehouse')(expr, script)) }}
{%- endmacro %}

{% macro default__identity_sorted_name_key(expr, script) -%}
    {{ exceptions.raise_compiler_error("identity_sorted_name_key has no implementation for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__identity_sorted_name_key(expr, script) -%}
    nullif(
        array_to_string(
            list_sort(
                case
                    when {{ script }} = 'han'
                        then string_split({{ identity_name_key(expr) }}, '')
                    else list_filter(
                        string_split_regex(lower(strip_accents({{ expr }})), '[^\p{L}\p{N}]+'),
                        lambda token: token != ''
                    )
                end
            ),
            ''
        ),
        ''
    )
{%- endmacro %}

{% macro spark__identity_sorted_name_key(expr, script) -%}
    nullif(
        array_join(
            array_sort(
                case
                    when {{ script }} = 'han'
                        then filter(split({{ identity_name_key(expr) }}, ''), token -> token != '')
                    else filter(
                        split(lower(cwh_strip_accents({{ expr }})), {{ regex_literal('[^\\p{L}\\p{N}]+') }}),
                        token -> token != ''
                    )
                end
            ),
            ''
        ),
        ''
    )
{%- endmacro %}
