from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("people/<int:pk>/assessments/new/", views.assessment_create, name="create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="delete"),
]
