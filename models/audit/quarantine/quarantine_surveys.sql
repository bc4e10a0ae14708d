{{ quarantine_rows('surveys', 'base_raw__surveys') }}
