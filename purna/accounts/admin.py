from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Institution, User


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "institution", "is_active"]
    list_filter = ["role", "institution", "is_active"]
    autocomplete_fields = ["regencies", "districts"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Purna"), {"fields": ("role", "institution", "regencies", "districts")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["digest", "created_at", "last_used_at"]
