"""Small template helpers, registered as the `purna` library in settings.TEMPLATES."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def widget_type(field) -> str:
    return type(field.field.widget).__name__.lower()


@register.filter
def add_class(field, css: str):
    widget = field.field.widget
    classes = "form-select" if type(widget).__name__ in {"Select", "SelectMultiple"} else css
    attrs = {"class": classes + (" is-invalid" if field.errors else "")}
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def score(value) -> str:
    """A 0-100 score with one decimal in the active language's format, or a dash."""
    if value is None:
        return "–"
    return number_format(value, 1)


@register.filter
def rupiah(value) -> str:
    if value is None:
        return "–"
    return "Rp " + number_format(value, 0, force_grouping=True)


@register.simple_tag(takes_context=True)
def query_without(context, *keys: str) -> str:
    """The current query string less some keys (page, format), to build links that keep
    the filters: `{% query_without "page" as query %}`."""
    query = context["request"].GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()
