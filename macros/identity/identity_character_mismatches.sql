{#-
    Number of positions at which two strings of the same length differ, counted in characters (a
    Hamming distance over characters). DuckDB's hamming / levenshtein count UTF-8 bytes, so one different
    Chinese character would count as up to three; this counts it as one.
    Arguments: left, right (text SQL expressions of equal length; callers check the lengths).
-#}
{% macro identity_character_mismatches(left, right) -%}
    {{ return(adapter.dispatch('identity_character_mismatches', 'customer_warehouse')(left, right)) }}
{%- endmacro %}

{% macro default__identity_character_mismatches(left, right) -%}
    editdistance({{ left }}, {{ right }})
{%- endmacro %}

{% macro duckdb__identity_character_mismatches(left, right) -%}
    list_sum(list_transform(
        range(1, length({{ left }}) + 1),
        lambda position: case when substr({{ left }}, position, 1) != substr({{ right }}, position, 1) then 1 else 0 end
    ))
{%- endmacro %}

{% macro spark__identity_character_mismatches(left, right) -%}
    {#- callers pass non-empty keys: sequence(1, 0) would count down in Spark -#}
    size(filter(
        sequence(1, length({{ left }})),
        position -> substr({{ left }}, position, 1) != substr({{ right }}, position, 1)
    ))
{%- endmacro %}
