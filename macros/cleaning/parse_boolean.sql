{#-
    Text to boolean: true/t/yes/y/1/是 -> true, false/f/no/n/0/否 -> false, anything else NULL.
    Argument: expr (cleaned text).
-#}
{% macro parse_boolean(expr) -%}
    case
        when lower({{ expr }}) in ('true', 't', 'yes', 'y', '1', '是') then true
        when lower({{ expr }}) in ('false', 'f', 'no', 'n', '0', '否') then false
    end
{%- endmacro %}
