from django.urls import path

from . import family_views, proposal_views, views

app_name = "mentors"
urlpatterns = [
    path("", views.mentor_list, name="list"),
    path("new/", views.mentor_edit, name="create"),
    path("peer/new/", views.peer_create, name="peer_create"),
    path("<int:pk>/", views.mentor_detail, name="detail"),
    path("<int:pk>/edit/", views.mentor_edit, name="edit"),
    path("<int:pk>/deactivate/", views.mentor_deactivate_view, name="deactivate"),
    path("<int:pk>/reactivate/", views.mentor_reactivate_view, name="reactivate"),
    path("needs/", family_views.needs, name="needs"),
    path("proposals/<str:kind>/", proposal_views.proposal, name="proposal"),
    path("people/<int:pk>/panel/", family_views.person_panel, name="person_panel"),
    path("people/<int:pk>/preference/", family_views.preference, name="preference"),
    path("people/<int:pk>/assign/<str:kind>/", family_views.assign, name="assign"),
    path("assignments/<int:pk>/change/", family_views.change, name="assignment_change"),
    path("assignments/<int:pk>/end/", family_views.end, name="assignment_end"),
]
