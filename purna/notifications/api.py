"""/api/v1/outbox/messages: the outbox screen for integrations, each message with its
delivery state, and retrying a failed one.

The screen's rules (selectors.outbox_for): admins and coordinators only (403 for other
roles); a message to someone outside your area does not exist for you (404), and messages
without a returnee are for users without an area limit. A message carries what the screen
shows these roles: its text, and its address masked (••••7890), never whole.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from .models import OutboxMessage
from .outbox import message_retry
from .selectors import message_for, outbox_for

router = Router(tags=["notifications"])

StateCode = Literal[tuple(OutboxMessage.State.values)]  # type: ignore[valid-type]
ChannelCode = Literal[tuple(OutboxMessage.Channel.values)]  # type: ignore[valid-type]


class OutboxProblem(Schema):
    detail: str
    code: Literal["not_failed"]


class OutboxRecipientOut(Schema):
    nik: str = Field(description="The participant (/participants/{nik})")
    full_name: str
    village_code: str
    village_name: str
    district_name: str

    @staticmethod
    def resolve_village_code(person) -> str:
        return person.village_id

    @staticmethod
    def resolve_village_name(person) -> str:
        return person.village.name

    @staticmethod
    def resolve_district_name(person) -> str:
        return person.village.district.name


class OutboxMessageOut(Schema):
    id: int
    channel: ChannelCode
    address_masked: str = Field(
        description="Enough to tell two numbers apart, not to dial: ••••7890, s•••@example.org"
    )
    recipient: OutboxRecipientOut | None = Field(description="null: a message to staff")
    related_label: str = Field(description="What the message is about; may be empty")
    language: str
    subject: str = Field(description="Email only; empty otherwise")
    body: str
    state: StateCode
    created_at: datetime
    send_after: datetime = Field(
        description="Queued: the first attempt or, after a failed attempt, the next one"
    )
    sent_at: datetime | None = Field(description="null until sent")
    attempts: int
    last_error: str = Field(
        description="What went wrong last, without personal data; empty once sent"
    )

    @staticmethod
    def resolve_address_masked(message: OutboxMessage) -> str:
        return message.masked_address

    @staticmethod
    def resolve_last_error(message: OutboxMessage) -> str:
        # As on the screen: an error overcome by a later attempt is no longer news.
        return "" if message.state == OutboxMessage.State.SENT else message.last_error


class OutboxFilters(Schema):
    state: StateCode | None = None
    channel: ChannelCode | None = None


def _message(user, message_id: int) -> OutboxMessage:
    message = message_for(user, message_id)
    return OutboxMessage.objects.select_related("recipient__village__district").get(pk=message.pk)


@router.get(
    "/outbox/messages",
    response=list[OutboxMessageOut],
    url_name="outbox_messages",
    summary="The messages in the outbox",
)
@paginate(PageNumberPagination, page_size=50)
def message_list(request: HttpRequest, filters: Query[OutboxFilters]):
    """Messages to returnees in your area, newest first, with their delivery state; 50 a
    page. Admins and coordinators."""
    rows = outbox_for(request.auth)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return rows.select_related("recipient__village__district")


@router.get(
    "/outbox/messages/{message_id}",
    response=OutboxMessageOut,
    url_name="outbox_message",
    summary="One message and its delivery state",
)
def message_detail(request: HttpRequest, message_id: int):
    return _message(request.auth, message_id)


@router.post(
    "/outbox/messages/{message_id}/retry",
    response={200: OutboxMessageOut, 409: OutboxProblem},
    url_name="outbox_message_retry",
    summary="Retry a failed message",
)
def message_retry_endpoint(request: HttpRequest, message_id: int):
    """A failed message back in the queue, due now, its attempts counted afresh (audited).
    409 `not_failed` for a message in any other state."""
    message = _message(request.auth, message_id)
    try:
        message_retry(actor=request.auth, message=message)
    except DjangoValidationError as exc:
        return Status(409, OutboxProblem(detail=" ".join(exc.messages), code="not_failed"))
    return _message(request.auth, message_id)
