{#-
    Materialisation of a model that updates rows by key from run to run (incremental delete+insert):
    'incremental' where the engine can replace rows by key, 'table' on Spark, whose Parquet tables support
    only append and insert_overwrite (no merge without Delta, which is not available offline) and cannot
    overwrite a table the same query reads. On Spark such a model is rebuilt whole each run: the same rows
    on a first build; docs/spark.md says what that means for ids kept between runs. No argument.
-#}
{% macro upsert_materialization() -%}
    {{ return(adapter.dispatch('upsert_materialization', 'customer_warehouse')()) }}
{%- endmacro %}

{% macro default__upsert_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__upsert_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
