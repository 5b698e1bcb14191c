from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("people/<int:pk>/plan/<str:code>/", views.plan_step, name="plan_step"),
    path("people/<int:pk>/optional/", views.optional_attach, name="optional_attach"),
    path("people/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("people/<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("modules/", views.module_list, name="modules"),
    path("modules/new/", views.module_edit, name="module_create"),
    path("modules/<int:module_pk>/edit/", views.module_edit, name="module_edit"),
]
