from django.urls import path

from . import views

app_name = "graduation"

urlpatterns = [
    path("", views.candidates, name="candidates"),
    path("rules/", views.rules, name="rules"),
    path("checks-due/", views.checks_due, name="checks_due"),
    path("people/<int:pk>/panel/", views.person_panel, name="person_panel"),
    path("people/<int:pk>/decent-life/new/", views.decent_life_new, name="decent_life_new"),
    path("people/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("people/<int:pk>/revoke/", views.revoke, name="revoke"),
    path(
        "people/<int:pk>/sustainability/new/",
        views.sustainability_new,
        name="sustainability_new",
    ),
]
