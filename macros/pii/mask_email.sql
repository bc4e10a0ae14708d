{#-
    An e-mail with its local part hidden but for the first character: `wang.fang@qq.com` -> `w***@qq.com`.
    Keeps the domain (useful for BI: share of qq.com vs company addresses). NULL stays NULL.
    Argument: expr (a normalised e-mail SQL expression).
-#}
{% macro mask_email(expr) -%}
    case
        when {{ expr }} is not null
            then left(split_part({{ expr }}, '@', 1), 1) || '***@' || split_part({{ expr }}, '@', 2)
    end
{%- endmacro %}
