"""Finding a returnee by what a user types: the one search of the people list, the
participants API and the helpdesk's "link a returnee"."""

from django.db.models import Q


def name_or_nik(query: str) -> Q:
    """Whose name contains the query, or whose NIK starts with it. Spaces in a number are
    ignored: NIKs are often written in groups of digits."""
    query = query.strip()
    match = Q(full_name__icontains=query)
    digits = query.replace(" ", "")
    if digits.isdigit():
        match |= Q(nik__startswith=digits)
    return match
