"""Reading the outbox: the one place that decides whose messages a user may see."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from purna.accounts.access import MANAGE_PROGRAMME, area_q, require_role

from .models import OutboxMessage


def outbox_for(user) -> QuerySet[OutboxMessage]:
    """Messages to returnees in the user's area (403 for roles that do not run the
    programme). Messages without a returnee are only for users without an area limit."""
    require_role(user, MANAGE_PROGRAMME)
    return OutboxMessage.objects.filter(area_q(user, "recipient__village"))


def message_for(user, pk: int) -> OutboxMessage:
    """One message for who may see the outbox: 403 for other roles, 404 outside the area."""
    return get_object_or_404(outbox_for(user), pk=pk)


def state_counts(messages: QuerySet[OutboxMessage]) -> dict[str, int]:
    counts = dict(messages.order_by().values_list("state").annotate(n=Count("id")))
    return {state: counts.get(state, 0) for state in OutboxMessage.State.values}
