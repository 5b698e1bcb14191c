from django.contrib import admin

from .models import Instrument, InstrumentItem


class ItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    """Instrument versions are reference data: a new version changes items, wording,
    reversal and threshold without a deploy. Edit a version only before it is used."""

    list_display = ["name", "version", "threshold", "min_answered_percent", "is_active"]
    inlines = [ItemInline]
