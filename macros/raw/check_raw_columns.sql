{#-
    Stops the build when a raw file lacks a required column, naming the file, the missing columns and
    what was found; warns about columns outside the contract (they are ignored).
    Arguments: entity, file (path), found (normalised column names), contract, required.
-#}
{% macro check_raw_columns(entity, file, found, contract, required) %}
    {%- set missing = [] -%}
    {%- for column in required if column not in found -%}
        {%- do missing.append(column) -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(
            "raw file " ~ file ~ ": required column(s) missing: " ~ missing | join(', ')
            ~ ". Entity '" ~ entity ~ "' needs at least: " ~ required | join(', ')
            ~ ". Found: " ~ found | join(', ') ~ "."
            ~ (" The header was read as one column: is the file delimited by something other than"
               ~ " comma, semicolon, tab or |?" if found | length == 1 else "")
            ~ " See docs/raw-data-contract.md."
        ) }}
    {%- endif -%}
    {%- set extra = [] -%}
    {%- for column in found if column not in contract -%}
        {%- do extra.append(column) -%}
    {%- endfor -%}
    {%- if extra -%}
        {{ log("WARNING raw file " ~ file ~ ": ignoring column(s) outside the contract: " ~ extra | join(', '), info=True) }}
    {%- endif -%}
{% endmacro %}
