from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from purna.redirects import back_to

from .channels import configured_channels
from .models import OutboxMessage
from .outbox import message_retry
from .selectors import message_for, outbox_for, state_counts

PAGE_SIZE = 50


@login_required
@require_GET
def outbox(request):
    rows = outbox_for(request.user)
    counts = state_counts(rows)
    state = request.GET.get("state", "")
    if state in OutboxMessage.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    page = Paginator(rows.select_related("recipient__village__district"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = dict(OutboxMessage.State.choices)
    configured = configured_channels()
    context = {
        "page": page,
        "state": state,
        "states": [(value, labels[value], counts[value]) for value in OutboxMessage.State.values],
        "total": sum(counts.values()),
        "channels": [
            (value, label, value in configured) for value, label in OutboxMessage.Channel.choices
        ],
    }
    return render(request, "notifications/outbox.html", context)


@login_required
@require_POST
def retry(request, pk):
    message = message_for(request.user, pk)
    try:
        message_retry(actor=request.user, message=message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message is back in the queue and goes out shortly."))
    return redirect(back_to(request, reverse("notifications:outbox")))
