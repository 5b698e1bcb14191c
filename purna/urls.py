from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from purna.api import api

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("areas/", include("purna.areas.urls")),
    # Before people/: its <kind> pattern would swallow people/<pk>/assessments/new/.
    path("", include("purna.assessment.urls")),
    path("people/", include("purna.people.urls")),
    path("programme/", include("purna.programme.urls")),
    path("mentors/", include("purna.mentors.urls")),
    path("mentoring/", include("purna.mentoring.urls")),
    path("business/", include("purna.business.urls")),
    path("independence/", include("purna.graduation.urls")),
    # The public form and status page (/help/...) and the staff screens (/helpdesk/...).
    path("", include("purna.helpdesk.urls")),
    path("notifications/", include("purna.notifications.urls")),
    path("overview/", include("purna.overview.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
