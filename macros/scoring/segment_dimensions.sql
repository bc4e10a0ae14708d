{#-
    The segment columns of marts.customer_segments that segment_profiles and nps_by_segment profile,
    each with the column holding its Chinese label: a list of {column, label_column}. Multi-valued
    columns (temperament_tags) are left out so every dimension adds up to all customers; the primary
    temperament stands for them. No argument.
-#}
{% macro segment_dimensions() -%}
    {{ return([
        {'column': 'age_band', 'label_column': 'age_band_zh'},
        {'column': 'birth_cohort', 'label_column': 'birth_cohort_zh'},
        {'column': 'gender', 'label_column': 'gender_zh'},
        {'column': 'marital_status', 'label_column': 'marital_status_zh'},
        {'column': 'household_size_band', 'label_column': 'household_size_band_zh'},
        {'column': 'income_band', 'label_column': 'income_band_zh'},
        {'column': 'province', 'label_column': 'province'},
        {'column': 'city_tier', 'label_column': 'city_tier_zh'},
        {'column': 'purchase_frequency_band', 'label_column': 'purchase_frequency_band_zh'},
        {'column': 'top_category', 'label_column': 'top_category'},
        {'column': 'preferred_channel', 'label_column': 'preferred_channel'},
        {'column': 'discount_sensitivity', 'label_column': 'discount_sensitivity_zh'},
        {'column': 'membership_status', 'label_column': 'membership_status_zh'},
        {'column': 'member_level', 'label_column': 'member_level_zh'},
        {'column': 'value_tier', 'label_column': 'value_tier_zh'},
        {'column': 'rfm_segment', 'label_column': 'rfm_segment_zh'},
        {'column': 'primary_temperament', 'label_column': 'primary_temperament_zh'},
    ]) }}
{%- endmacro %}
