from django.contrib import admin

from .models import District, Province, Regency, Village


@admin.register(Province, Regency, District, Village)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    # Official codes change only with a new idn-area-data release, loaded by a migration.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
