from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/delete/", views.person_delete, name="delete"),
    path("<int:pk>/<str:kind>/new/", views.related_edit, name="related_add"),
    path("<int:pk>/<str:kind>/<int:record_pk>/edit/", views.related_edit, name="related_edit"),
    path(
        "<int:pk>/<str:kind>/<int:record_pk>/delete/", views.related_delete, name="related_delete"
    ),
]
