from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("peer/", views.peer_home, name="peer_home"),
    path("people/<int:pk>/panel/", views.person_panel, name="person_panel"),
    path("people/<int:pk>/visits/", views.visit_list, name="visit_list"),
    path("people/<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("visits/<int:visit_pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_pk>/delete/", views.visit_remove, name="visit_delete"),
    path("visits/<int:visit_pk>/photo/", views.visit_photo, name="visit_photo"),
    path("people/<int:pk>/plan/", views.plan_detail, name="plan"),
    path("people/<int:pk>/plan/new/", views.plan_new, name="plan_new"),
    path("plans/<int:plan_pk>/agree/", views.plan_agree, name="plan_agree"),
]
