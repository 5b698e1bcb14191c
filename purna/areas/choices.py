"""Which areas a user may pick from: the same area limits as the people they may see."""

from django.db.models import QuerySet

from purna.accounts.access import area_q, district_q, is_unrestricted

from .models import District, Regency, Village


def regencies_for(user) -> QuerySet[Regency]:
    if is_unrestricted(user):
        return Regency.objects.all()
    codes = set(user.regencies.values_list("code", flat=True))
    codes |= set(user.districts.values_list("regency_id", flat=True))
    return Regency.objects.filter(code__in=codes)


def districts_for(user, regency_code: str) -> QuerySet[District]:
    return District.objects.filter(district_q(user), regency_id=regency_code)


def villages_for(user, district_code: str | None = None) -> QuerySet[Village]:
    villages = Village.objects.filter(area_q(user, village_path=""))
    return villages.filter(district_id=district_code) if district_code else villages
