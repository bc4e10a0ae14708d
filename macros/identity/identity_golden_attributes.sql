{#-
    The attributes of the golden customer record (int_customers_consolidated) and the staging columns
    each takes from one winning source record. `present` is the SQL condition (over a staging customer
    record) for the record to take part: a record without a value never wins. Seed survivorship_rules
    has one rule per attribute name. Groups (name, address, membership) move together so the golden
    address is one real address, not a street from one record and a city from another. No argument.
-#}
{% macro identity_golden_attributes() %}
    {{ return([
        {'name': 'name', 'columns': ['full_name', 'given_name', 'family_name', 'name_script'],
         'present': 'full_name is not null'},
        {'name': 'gender', 'columns': ['gender'], 'present': "gender in ('male', 'female')"},
        {'name': 'birth_date', 'columns': ['birth_date'], 'present': 'birth_date is not null'},
        {'name': 'email', 'columns': ['email'], 'present': 'email is not null'},
        {'name': 'phone', 'columns': ['phone_e164'], 'present': 'phone_e164 is not null'},
        {'name': 'address', 'columns': ['address_line', 'postal_code', 'city', 'province', 'country'],
         'present': 'coalesce(address_line, postal_code, city) is not null'},
        {'name': 'occupation', 'columns': ['occupation'], 'present': 'occupation is not null'},
        {'name': 'income_band', 'columns': ['income_band'], 'present': 'income_band is not null'},
        {'name': 'household_size', 'columns': ['household_size'], 'present': 'household_size is not null'},
        {'name': 'marital_status', 'columns': ['marital_status'],
         'present': "marital_status is not null and marital_status != 'unknown'"},
        {'name': 'membership', 'columns': ['is_member', 'member_level'], 'present': 'is_member is not null'},
        {'name': 'acquisition_channel', 'columns': ['acquisition_channel'],
         'present': 'acquisition_channel is not null'},
    ]) }}
{% endmacro %}
