{#-
    Contracts on Spark: the YAML declares column types in DuckDB's spelling (`varchar`, `varchar[]`); dbt
    checks a contract by casting nulls to the declared types, so on Spark each type is first translated
    (varchar -> string, T[] -> array<T>) and the check then compares Spark's types on both sides.
    Argument: columns (the model's declared columns, name -> column with data_type).
-#}
{% macro spark__get_empty_schema_sql(columns) %}
    {%- set translated = {} -%}
    {%- for name, column in columns.items() -%}
        {%- set data_type = (column.get('data_type') or '') | lower | trim -%}
        {%- set element = data_type[:-2] if data_type.endswith('[]') else data_type -%}
        {%- set element = 'string' if element == 'varchar' else element -%}
        {%- set spark_type = 'array<' ~ element ~ '>' if data_type.endswith('[]') else element -%}
        {%- set copy = column.copy() -%}
        {%- do copy.update({'data_type': spark_type}) -%}
        {%- do translated.update({name: copy}) -%}
    {%- endfor -%}
    {{ return(default__get_empty_schema_sql(translated)) }}
{% endmacro %}
