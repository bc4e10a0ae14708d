"""Cleaning functions SQL cannot do well: Unicode NFKC, E.164 phones, e-mail syntax, simplified Chinese.

Each is a pure function of one value (tested directly) and is registered as a vectorised DuckDB UDF by
`cwh.dbt_plugin`, so staging models call them like any SQL function. Libraries, and why:
- phonenumbers: Google's libphonenumber rules for every region (formats, valid ranges, E.164);
- email-validator: RFC 5322/6531 syntax checks including internationalised addresses;
- opencc-python-reimplemented: OpenCC's traditional -> simplified dictionaries, pure Python (no binary).
"""

from cwh.cleaning.emails import normalize_email
from cwh.cleaning.phones import to_e164
from cwh.cleaning.text import clean_text, to_simplified

__all__ = ["clean_text", "normalize_email", "to_e164", "to_simplified"]
