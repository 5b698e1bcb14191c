"""Safe text for exported spreadsheets (CSV and XLSX)."""

from __future__ import annotations

# OWASP "CSV Injection": a cell starting with one of these may be run as a formula by
# Excel or LibreOffice, e.g. a returnee name typed as =HYPERLINK(...) by anyone with a form.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would evaluate; other text is unchanged.

    Apply it to text only: numbers should be written as numbers, or a negative amount
    becomes the text "'-5".
    """
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
