{#-
    The raw files of one entity in `raw_dir`, sorted: `<entity>.csv`, `<entity>.parquet` and the parts
    `<entity>/*.csv|*.parquet`. Returns a list of paths (empty when the entity has no file).
-#}
{% macro raw_entity_files(entity, raw_dir) %}
    {%- set base = raw_dir ~ '/' ~ entity -%}
    {%- set query -%}
        select file from glob('{{ base }}.csv')
        union all select file from glob('{{ base }}.parquet')
        union all select file from glob('{{ base }}/*.csv')
        union all select file from glob('{{ base }}/*.parquet')
        order by file
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{% endmacro %}
