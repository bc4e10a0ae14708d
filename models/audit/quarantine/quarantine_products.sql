{{ quarantine_rows('products', 'base_raw__products') }}
