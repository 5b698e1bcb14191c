from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request, default: str) -> str:
    """Where to go after saving: `next` (form field or query) when it is a page of this
    site, else `default`. Never another site: a link could otherwise send a user away."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
