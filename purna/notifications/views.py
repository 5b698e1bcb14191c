from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import OutboxMessage
from .selectors import outbox_for, state_counts

PAGE_SIZE = 50


@login_required
@require_GET
def outbox(request):
    messages = outbox_for(request.user)
    counts = state_counts(messages)
    state = request.GET.get("state", "")
    if state in OutboxMessage.State.values:
        messages = messages.filter(state=state)
    else:
        state = ""
    page = Paginator(messages.select_related("recipient__village__district"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = dict(OutboxMessage.State.choices)
    context = {
        "page": page,
        "state": state,
        "states": [(value, labels[value], counts[value]) for value in OutboxMessage.State.values],
        "total": sum(counts.values()),
    }
    return render(request, "notifications/outbox.html", context)
