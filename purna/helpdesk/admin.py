"""Reference data of the helpdesk for administrators: holidays and routes.

Tickets, messages and attachments are deliberately not here: the Django admin would show a
sensitive ticket's content without the audit of each opening that the helpdesk screens keep.
"""

from django.contrib import admin

from .models import Holiday, Route


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The days the deadline clock skips besides weekends: national holidays and collective
    leave from each year's decree (SKB 3 Menteri), to be checked every year."""

    list_display = ["date", "name", "collective_leave"]
    list_filter = ["collective_leave"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["kind", "area", "institution", "to_mentor"]
    list_filter = ["kind", "to_mentor", "institution"]
    search_fields = ["area", "institution__name"]
