{#-
    The comparison levels of a record pair, one integer column per compared field:
    name_level, birth_date_level, email_level, phone_level, location_level, gender_level.
    Level 0 = not comparable (a side lacks the field), higher = closer agreement; seed
    identity_comparison_levels names and explains every level. Used for blocked candidate pairs
    (int_customer_pairs_compared) and for random pairs (int_customer_pair_patterns_sampled), so both
    are measured alike.
    Arguments: left, right (aliases of two relations with the columns of int_customer_records_prepared).
    Cut-offs: vars identity_name_jaro_winkler_strong / _weak, identity_address_jaro_winkler. Names are
    compared by characters; DuckDB's Jaro-Winkler works on UTF-8 bytes, which for Chinese street
    addresses is a rougher but still monotone similarity (documented in docs/identity-resolution.md).
-#}
{% macro identity_comparison_levels(left, right) -%}
    {%- set name_similarity -%}
        greatest(
            {{ identity_jaro_winkler(left ~ '.name_key', right ~ '.name_key') }},
            {{ identity_jaro_winkler(left ~ '.name_sorted_key', right ~ '.name_sorted_key') }}
        )
    {%- endset -%}
    case
        when {{ left }}.name_key is null or {{ right }}.name_key is null then 0
        when {{ left }}.name_key = {{ right }}.name_key then 11
        when {{ left }}.name_script = {{ right }}.name_script
            and {{ left }}.name_sorted_key = {{ right }}.name_sorted_key then 10
        when {{ left }}.name_script = 'latin' and {{ right }}.name_script = 'latin'
            and {{ name_similarity }} >= {{ var('identity_name_jaro_winkler_strong') }} then 9
        when {{ left }}.name_script = 'han' and {{ right }}.name_script = 'han'
            and {{ left }}.name_romanised_sorted = {{ right }}.name_romanised_sorted then 8
        when {{ left }}.name_script != {{ right }}.name_script
            and {{ left }}.name_romanised_sorted = {{ right }}.name_romanised_sorted then 7
        when {{ left }}.name_script != {{ right }}.name_script
            and {{ identity_jaro_winkler(left ~ '.name_romanised_sorted', right ~ '.name_romanised_sorted') }}
            >= {{ var('identity_name_jaro_winkler_strong') }} then 6
        when {{ left }}.name_script = 'han' and {{ right }}.name_script = 'han'
            and length({{ left }}.name_key) = length({{ right }}.name_key)
            and length({{ left }}.name_key) >= 3
            and {{ identity_character_mismatches(left ~ '.name_key', right ~ '.name_key') }} = 1 then 5
        when {{ left }}.name_script = 'han' and {{ right }}.name_script = 'han'
            and length({{ left }}.name_key) = 2
            and length({{ right }}.name_key) = 2
            and {{ identity_character_mismatches(left ~ '.name_key', right ~ '.name_key') }} = 1 then 4
        when {{ left }}.name_script = 'latin' and {{ right }}.name_script = 'latin'
            and {{ name_similarity }} >= {{ var('identity_name_jaro_winkler_weak') }} then 3
        when {{ left }}.name_script != {{ right }}.name_script then 2
        else 1
    end as name_level,
    case
        when {{ left }}.birth_date is null or {{ right }}.birth_date is null then 0
        when {{ left }}.birth_date = {{ right }}.birth_date then 4
        when year({{ left }}.birth_date) = year({{ right }}.birth_date)
            and month({{ left }}.birth_date) = day({{ right }}.birth_date)
            and day({{ left }}.birth_date) = month({{ right }}.birth_date) then 3
        when {{ identity_one_edit_apart(left ~ '.birth_date_key', right ~ '.birth_date_key') }} then 2
        else 1
    end as birth_date_level,
    {#- no "similar e-mail" level: local parts are made of the name (zhangwei@, zhangwei1@), so near-equal
        e-mails of two people named alike are common and would count the name twice -#}
    case
        when {{ left }}.email is null or {{ right }}.email is null then 0
        when {{ left }}.email = {{ right }}.email then 2
        else 1
    end as email_level,
    case
        when {{ left }}.phone_e164 is null or {{ right }}.phone_e164 is null then 0
        when {{ left }}.phone_e164 = {{ right }}.phone_e164 then 3
        when {{ identity_one_edit_apart(left ~ '.phone_e164', right ~ '.phone_e164') }} then 2
        else 1
    end as phone_level,
    case
        when not (
            ({{ left }}.address_key is not null and {{ right }}.address_key is not null)
            or ({{ left }}.postal_code_key is not null and {{ right }}.postal_code_key is not null)
            or (
                {{ left }}.city_key is not null and {{ right }}.city_key is not null
                and {{ left }}.city_script = {{ right }}.city_script
            )
        ) then 0
        when {{ left }}.address_key = {{ right }}.address_key then 6
        when {{ left }}.address_numbers_key = {{ right }}.address_numbers_key
            and {{ list_length(left ~ '.address_number_tokens') }} >= 2 then 5
        when {{ left }}.address_script = {{ right }}.address_script
            and {{ identity_jaro_winkler(left ~ '.address_key', right ~ '.address_key') }}
            >= {{ var('identity_address_jaro_winkler') }} then 4
        when {{ left }}.postal_code_key = {{ right }}.postal_code_key then 3
        when {{ left }}.city_key = {{ right }}.city_key then 2
        else 1
    end as location_level,
    case
        when {{ left }}.gender is null or {{ right }}.gender is null then 0
        when {{ left }}.gender = {{ right }}.gender then 2
        else 1
    end as gender_level
{%- endmacro %}
