from django.urls import path

from . import field_test_views, views

app_name = "programme"
urlpatterns = [
    path("people/<int:pk>/plan/<str:code>/", views.plan_step, name="plan_step"),
    path("people/<int:pk>/optional/", views.optional_attach, name="optional_attach"),
    path("people/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("people/<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("modules/", views.module_list, name="modules"),
    path("modules/new/", views.module_edit, name="module_create"),
    path("modules/<int:module_pk>/edit/", views.module_edit, name="module_edit"),
    path("people/<int:pk>/field-test/", field_test_views.field_test_create, name="field_test"),
    path(
        "field-test-photos/<int:photo_pk>/",
        field_test_views.field_test_photo,
        name="field_test_photo",
    ),
]
