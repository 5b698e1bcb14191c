from django.urls import path

from . import views

app_name = "business"
urlpatterns = [
    # Linked from other screens as /business/people/<pk>/: keep this path.
    path("people/<int:pk>/", views.person_businesses, name="person_businesses"),
    path("people/<int:pk>/panel/", views.person_panel, name="person_panel"),
    path("people/<int:pk>/new/", views.business_add, name="business_add"),
    path("<int:business_pk>/", views.business_detail, name="detail"),
    path("<int:business_pk>/edit/", views.business_edit, name="business_edit"),
    path("<int:business_pk>/delete/", views.business_remove, name="business_delete"),
    path("<int:business_pk>/records/new/", views.record_add, name="record_add"),
    path("records/<int:record_pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:record_pk>/delete/", views.record_remove, name="record_delete"),
]
