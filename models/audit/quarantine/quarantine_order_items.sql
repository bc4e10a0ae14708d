{{ quarantine_rows('order_items', 'base_raw__order_items') }}
