"""The JSON API (django-ninja), mounted at /api/v1. Routers live in their apps.

Authentication: `Authorization: Bearer <token>` (tokens from `purna api_token USERNAME`), or
the browser session of a logged-in user, so the docs page can try requests. Permissions are
the screens' own: the same access helpers, so 404 outside the user's area and 403 for a role
that may not.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from purna.accounts.tokens import token_user
from purna.assessment.api import router as assessments_router
from purna.business.api import router as business_router
from purna.graduation.api import router as graduation_router
from purna.helpdesk.api import router as helpdesk_router
from purna.mentoring.api import router as mentoring_router
from purna.mentors.api import router as mentors_router
from purna.notifications.api import router as notifications_router
from purna.overview.api import router as overview_router
from purna.people.api import router as participants_router
from purna.programme.api import router as programme_router
from purna.programme.field_test_api import router as field_tests_router


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest):
        # Ninja's own parsing logs an unexpected header whole in DEBUG: that could be a
        # password (Basic) or a token, and credentials never go to logs.
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(token)
        if user is not None:
            # Code shared with the screens (and the audit trail) reads request.user.
            request.user = user
        return user


class Session(APIKeyCookie):
    """The logged-in browser user. Unsafe methods need the CSRF token, as on the screens."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        # A request that sends a token is judged by the token alone: a wrong token must be
        # a 401 even in a browser that also holds a session.
        if "Authorization" in request.headers:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # Checked only once we know a session is being used, so a token client that
        # sends no cookie gets 401, not a CSRF 403.
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise PermissionDenied(_("CSRF check failed: send the X-CSRFToken header."))
        return user


class OfflineSwagger(Swagger):
    """Swagger UI from ninja's bundled static files, never from a CDN.

    Ninja falls back to a CDN page unless "ninja" is in INSTALLED_APPS (its templates and
    static files are found through the app). Villages have no reliable internet, so without
    the app we show a plain page pointing at the OpenAPI description instead.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        if "ninja" in settings.INSTALLED_APPS:
            return super().render_page(request, api, **kwargs)
        url = self.get_openapi_url(api, kwargs)
        return HttpResponse(
            format_html(
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{}</title></head>'
                '<body><h1>{}</h1><p>{} <a href="{}">{}</a></p></body></html>',
                api.title,
                api.title,
                _("The OpenAPI description of this API:"),
                url,
                url,
            )
        )


api = NinjaAPI(
    title="Purna API",
    version="1",
    description=(
        "Returned migrant workers (PMI purna): participants, identification assessments "
        "and their quadrants, and aggregate overviews.\n\n"
        "Authenticate with `Authorization: Bearer <token>`; an administrator issues tokens "
        "with `purna api_token USERNAME`. Every endpoint applies the same rules as the "
        "screens: people outside your area do not exist for you (404), and a role that may "
        "not do something gets 403. Government viewers see aggregates only, with small "
        "counts hidden."
    ),
    urls_namespace="api",
    auth=[BearerToken(), Session()],
    docs=OfflineSwagger(),
)


def _json_error(request: HttpRequest, status: int, detail) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _json_error(request, 401, _("Authentication required: send a valid API token."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _json_error(request, 403, str(exc) or _("Your role may not do this."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Ninja's default repeats the exception (the model name) in DEBUG; say the same always.
    return _json_error(request, 404, _("Not found."))


def _field(loc: list | tuple) -> str:
    """ "answers.E01" from ("body", "payload", "answers", "E01"); "district" from a query."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        # ("body", "payload") alone is the body as a whole.
        parts = parts[2:] or ["body"]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field(error.get("loc", ())), **error} for error in exc.errors]
    return _json_error(request, 422, errors)


api.add_router("/participants", participants_router)
api.add_router("/assessments", assessments_router)
api.add_router("/overview", overview_router)
api.add_router("", programme_router)
api.add_router("", field_tests_router)
api.add_router("", mentors_router)
api.add_router("", mentoring_router)
api.add_router("", business_router)
api.add_router("", graduation_router)
api.add_router("", helpdesk_router)
api.add_router("", notifications_router)
