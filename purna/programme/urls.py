from django.urls import path

from . import cohort_views, field_test_views, views, worklist_views

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
    path("cohorts/", cohort_views.cohort_list, name="cohorts"),
    path("cohorts/new/", cohort_views.cohort_new, name="cohort_create"),
    path("cohorts/<int:pk>/", cohort_views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/enrol/", cohort_views.enrol, name="cohort_enrol"),
    path(
        "cohorts/<int:pk>/enrolments/<int:enrolment_pk>/cancel/",
        cohort_views.cancel,
        name="enrolment_cancel",
    ),
    path(
        "cohorts/<int:pk>/enrolments/<int:enrolment_pk>/family/",
        cohort_views.family,
        name="enrolment_family",
    ),
    path(
        "cohorts/<int:pk>/sessions/<int:number>/roll-call/",
        cohort_views.roll_call,
        name="roll_call",
    ),
    path("cohorts/<int:pk>/scores/", cohort_views.scores, name="cohort_scores"),
    path(
        "cohorts/<int:pk>/certificates/<int:enrolment_pk>/",
        cohort_views.certificate,
        name="certificate",
    ),
    path("follow-up/", worklist_views.followup_index, name="followup"),
    path("follow-up/<slug:slug>/", worklist_views.followup_list, name="followup_list"),
]
