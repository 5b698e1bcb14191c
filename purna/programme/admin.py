from django.contrib import admin

from .models import Module


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    """The module catalogue is reference data. The eight pathway modules are named by the
    model's pathways: their codes stay, and they cannot be deleted."""

    list_display = [
        "code",
        "name_id",
        "name_en",
        "planned_sessions",
        "planned_hours",
        "in_pathway",
        "is_active",
    ]
    list_filter = ["in_pathway", "is_active"]
    search_fields = ["code", "name_id", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None and obj.in_pathway else []

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.in_pathway:
            return False
        return super().has_delete_permission(request, obj)
