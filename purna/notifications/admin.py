from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are prepared by services and delivered by the worker; an edit
    here would bypass the dedupe key, the consent check and the delivery claim."""

    list_display = [
        "id",
        "channel",
        "state",
        "related_label",
        "send_after",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["state", "channel"]
    search_fields = ["related_label", "dedupe_key"]
    date_hierarchy = "send_after"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
