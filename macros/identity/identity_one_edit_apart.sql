{#-
    SQL boolean: two different strings are at most one edit apart - one character substituted, inserted
    or deleted, or two adjacent characters transposed (Damerau-Levenshtein distance <= 1).
    Arguments: left, right (text SQL expressions; callers handle NULLs and equality first).
    The DuckDB version prefilters with cheap tests inside CASE (which DuckDB evaluates lazily, unlike
    AND/OR): lengths within one, and either the first or the last three characters equal (a single edit
    of a string of six or more characters leaves one end intact); equal lengths then use the Hamming
    distance, and damerau_levenshtein (costly: ~5 us a call) runs only for a possible transposition.
-#}
{% macro identity_one_edit_apart(left, right) -%}
    {{ return(adapter.dispatch('identity_one_edit_apart', 'customer_warehouse')(left, right)) }}
{%- endmacro %}

{% macro default__identity_one_edit_apart(left, right) -%}
    (editdistance({{ left }}, {{ right }}) <= 1)
{%- endmacro %}

{% macro duckdb__identity_one_edit_apart(left, right) -%}
    case
        when abs(length({{ left }}) - length({{ right }})) > 1 then false
        when length({{ left }}) >= 6
            and left({{ left }}, 3) != left({{ right }}, 3)
            and right({{ left }}, 3) != right({{ right }}, 3) then false
        when length({{ left }}) != length({{ right }}) then levenshtein({{ left }}, {{ right }}) <= 1
        when hamming({{ left }}, {{ right }}) <= 1 then true
        when hamming({{ left }}, {{ right }}) = 2 then damerau_levenshtein({{ left }}, {{ right }}) = 1
        else false
    end
{%- endmacro %}

{% macro spark__identity_one_edit_apart(left, right) -%}
    {#- Spark has levenshtein but no hamming or damerau_levenshtein: two mismatches are one edit when
        they are a swap of neighbours. Callers compare ASCII keys (dates, E.164 phones), where DuckDB's
        byte-wise distances and these character-wise ones agree. -#}
    {%- set mismatches -%}
        size(filter(sequence(1, length({{ left }})), position -> substr({{ left }}, position, 1) != substr({{ right }}, position, 1)))
    {%- endset -%}
    case
        when abs(length({{ left }}) - length({{ right }})) > 1 then false
        when length({{ left }}) >= 6
            and left({{ left }}, 3) != left({{ right }}, 3)
            and right({{ left }}, 3) != right({{ right }}, 3) then false
        when length({{ left }}) != length({{ right }}) then levenshtein({{ left }}, {{ right }}) <= 1
        when length({{ left }}) = 0 then true
        when {{ mismatches }} <= 1 then true
        when {{ mismatches }} = 2 then exists(
            sequence(1, greatest(length({{ left }}) - 1, 1)),
            position -> substr({{ left }}, position, 1) != substr({{ right }}, position, 1)
                and substr({{ left }}, position, 1) = substr({{ right }}, position + 1, 1)
                and substr({{ left }}, position + 1, 1) = substr({{ right }}, position, 1)
        )
        else false
    end
{%- endmacro %}
