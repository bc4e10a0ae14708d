{#-
    Unicode NFKC (full-width ＡＢＣ１２３ -> ABC123), whitespace runs collapsed, trimmed; empty -> NULL.
    Argument: expr (a text SQL expression). On DuckDB, pure-ASCII values (most ids, amounts, dates and
    codes) are cleaned in SQL, since NFKC leaves ASCII unchanged and Python's whitespace in ASCII is tab,
    line feed, vertical tab, form feed, carriage return, \x1c-\x1f and space; ASCII values without any
    of those but single inner spaces are kept as they are, without a replacement. Only the other values
    go to the UDF cwh_clean_text (cwh.cleaning.text), which costs a Python call per distinct value.
-#}
{% macro clean_text(expr) -%}
    {{ return(adapter.dispatch('clean_text', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__clean_text(expr) -%}
    nullif(trim({{ regexp_replace_all(expr, '\\s+', ' ') }}), '')
{%- endmacro %}

{% macro duckdb__clean_text(expr) -%}
    case
        when strlen({{ expr }}) = length({{ expr }}) then
            case
                -- no whitespace but single inner spaces: nothing to replace (a match test costs a
                -- third of the replacement it spares, and most values need none)
                when not regexp_matches({{ expr }}, '[\t\n\x0b\x0c\r\x1c-\x1f]|  |^ | $')
                    then nullif({{ expr }}, '')
                else nullif(trim(regexp_replace({{ expr }}, '[\t\n\x0b\x0c\r\x1c-\x1f ]+', ' ', 'g')), '')
            end
        when {{ expr }} is not null then cwh_clean_text({{ expr }})
    end
{%- endmacro %}

{% macro spark__clean_text(expr) -%}
    {#- the same Python function, registered on the SparkSession by cwh.spark.session (every value: the
        ASCII fast path above is DuckDB SQL) -#}
    cwh_clean_text({{ expr }})
{%- endmacro %}
