"""The public helpdesk under help/ (no login) and the staff screens under helpdesk/."""

from django.urls import path

from . import panel_views, public_views, staff_views

app_name = "helpdesk"

urlpatterns = [
    # Public: the form, the tracking code, the status page. No code ever goes in a URL.
    path("help/", public_views.help_form, name="help"),
    path("help/sent/", public_views.sent, name="sent"),
    path("help/areas/", public_views.area_options, name="area_options"),
    path("help/status/", public_views.status, name="status"),
    path("help/status/request/", public_views.status_ticket, name="status_ticket"),
    path("help/status/message/", public_views.status_message, name="status_message"),
    path("help/status/reopen/", public_views.status_reopen, name="status_reopen"),
    path("help/status/rate/", public_views.status_rate, name="status_rate"),
    path("help/status/leave/", public_views.status_leave, name="status_leave"),
    path("help/status/files/<int:pk>/", public_views.status_attachment, name="status_attachment"),
    # Staff
    path("helpdesk/", staff_views.queue, name="queue"),
    path("helpdesk/new/", staff_views.ticket_new, name="new"),
    path("helpdesk/reports/", staff_views.reports, name="reports"),
    path("helpdesk/holidays/", staff_views.holidays, name="holidays"),
    path("helpdesk/holidays/<int:pk>/delete/", staff_views.holiday_delete, name="holiday_delete"),
    path("helpdesk/files/<int:pk>/", staff_views.attachment, name="attachment"),
    path("helpdesk/<int:pk>/", staff_views.ticket_detail, name="ticket"),
    path("helpdesk/<int:pk>/reply/", staff_views.ticket_reply_view, name="reply"),
    path("helpdesk/<int:pk>/note/", staff_views.ticket_note_view, name="note"),
    path("helpdesk/<int:pk>/state/", staff_views.ticket_transition_view, name="transition"),
    path("helpdesk/<int:pk>/assign/", staff_views.ticket_assign_view, name="assign"),
    path("helpdesk/<int:pk>/person/", staff_views.ticket_person_view, name="person"),
    path(
        "helpdesk/<int:pk>/person/search/",
        staff_views.ticket_person_search,
        name="person_search",
    ),
    path(
        "helpdesk/<int:pk>/confidential/",
        staff_views.ticket_confidential_view,
        name="confidential",
    ),
    path(
        "helpdesk/<int:pk>/not-confidential/",
        staff_views.ticket_not_confidential_view,
        name="not_confidential",
    ),
    # Partials loaded by the person page and the worklists (by URL name only).
    path("helpdesk/people/<int:pk>/panel/", panel_views.person_panel, name="person_panel"),
    path("helpdesk/overdue/panel/", panel_views.overdue_panel, name="overdue_panel"),
]
