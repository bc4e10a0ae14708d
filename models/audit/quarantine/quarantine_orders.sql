{{ quarantine_rows('orders', 'base_raw__orders') }}
