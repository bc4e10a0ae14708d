{#-
    Hex SHA-256 of a PII value mixed with var pii_hash_salt (env PII_HASH_SALT): the same e-mail or phone
    always gives the same hash, so BI can count or join on it without seeing it, and the salt keeps a
    dictionary attack (hashing every phone number) from reversing it. NULL stays NULL.
    Argument: expr (a normalised value: a case-folded e-mail, an E.164 phone).
-#}
{% macro hash_pii(expr) -%}
    {{ return(adapter.dispatch('hash_pii', 'customer_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__hash_pii(expr) -%}
    case when {{ expr }} is not null then sha2('{{ var("pii_hash_salt") }}' || {{ expr }}, 256) end
{%- endmacro %}

{% macro duckdb__hash_pii(expr) -%}
    case when {{ expr }} is not null then sha256('{{ var("pii_hash_salt") }}' || {{ expr }}) end
{%- endmacro %}
