{#-
    A phone number with four digits before the last four hidden: `+8613800138000` -> `+86138****8000`
    (the Chinese convention: country code and carrier prefix, then the last four). Numbers of eight
    characters or fewer show only their last four. NULL stays NULL.
    Argument: expr (an E.164 phone SQL expression).
-#}
{% macro mask_phone(expr) -%}
    case
        when length({{ expr }}) > 8
            then left({{ expr }}, length({{ expr }}) - 8) || '****' || right({{ expr }}, 4)
        when {{ expr }} is not null
            then '****' || right({{ expr }}, 4)
    end
{%- endmacro %}
