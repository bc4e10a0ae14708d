{#-
    A display name that does not identify the person on its own: Chinese names keep the family name and
    hide the given name (`张伟明` -> `张**`); Latin names keep the first token and the initial of the last
    (`Wei Zhang` -> `Wei Z.`, `Anna Maria Smith` -> `Anna S.`); a one-token Latin name keeps its first
    letter (`Madonna` -> `M.`). NULL stays NULL.
    Arguments: expr (the name), script (SQL expression giving 'han' or 'latin').
-#}
{% macro mask_name(expr, script) -%}
    case
        when {{ expr }} is null then null
        when {{ script }} = 'han'
            then left({{ expr }}, 1) || repeat('*', greatest(length({{ expr }}) - 1, 1))
        when instr(trim({{ expr }}), ' ') > 0
            then split_part(trim({{ expr }}), ' ', 1) || ' '
                || left(reverse(split_part(reverse(trim({{ expr }})), ' ', 1)), 1) || '.'
        else left(trim({{ expr }}), 1) || '.'
    end
{%- endmacro %}
