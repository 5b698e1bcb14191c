"""The mentoring services: what they refuse, what they write, what they audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from purna.audit.models import AuditEvent
from purna.mentoring.models import MentoringPlan, PlanAction, Visit
from purna.mentoring.services import (
    DUPLICATE_WINDOW,
    DuplicateVisit,
    mentoring_plan_agree,
    mentoring_plan_create,
    visit_delete,
    visit_record,
    visit_update,
)
from tests.factories import assign, make_mentor, make_person, start_practice

from .support import make_plan, make_visit, photo, written_on

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)


@pytest.fixture
def practising(person):
    return start_practice(person, on=date(2026, 1, 15))


def record(actor, person, **overrides):
    fields = {"kind": "home", "visited_on": TODAY, "topics": "Prices", "today": TODAY}
    fields.update(overrides)
    return visit_record(actor=actor, person=person, **fields)


def events(entity):
    return list(AuditEvent.objects.filter(entity=entity).order_by("id"))


def test_a_visit_is_recorded_and_audited_without_its_notes(personas, practising):
    visit = record(
        personas["coordinator"],
        practising,
        problems="Husband is ill",
        next_visit_on=TODAY + timedelta(days=10),
    )
    assert visit.recorded_by == personas["coordinator"] and visit.problems == "Husband is ill"
    [event] = events("visit")
    assert event.action == AuditEvent.Action.CREATE and event.person_id == practising.pk
    assert event.changes["visited_on"] == [None, "2026-03-20"]
    assert "Husband" not in str(event.changes)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"visited_on": TODAY + timedelta(days=1)}, "visited_on"),
        ({"visited_on": date(1999, 12, 31)}, "visited_on"),
        ({"topics": "   "}, "topics"),
        ({"kind": "party"}, "kind"),
        ({"next_visit_on": TODAY}, "next_visit_on"),
        ({"next_visit_on": TODAY - timedelta(days=3)}, "next_visit_on"),
    ],
)
def test_bad_visits_are_refused_naming_the_field(personas, practising, overrides, field):
    with pytest.raises(ValidationError) as refused:
        record(personas["coordinator"], practising, **overrides)
    assert field in refused.value.message_dict
    assert not Visit.objects.exists() and not AuditEvent.objects.filter(entity="visit").exists()


def test_messages_show_dates_as_the_screens_do_not_iso(personas, practising):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        record(personas["coordinator"], practising, next_visit_on=TODAY - timedelta(days=1))
    [message] = refused.value.message_dict["next_visit_on"]
    assert "(20 Mar 2026)" in message and "2026-03-20" not in message


def test_a_visit_before_practice_started_is_refused_naming_the_start(personas, practising):
    # Practice started on 15 Jan 2026: a visit dated earlier is a typing mistake.
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        record(personas["coordinator"], practising, visited_on=date(2026, 1, 14))
    assert "15 Jan 2026" in " ".join(refused.value.message_dict["visited_on"])
    assert not Visit.objects.exists()
    assert record(personas["coordinator"], practising, visited_on=date(2026, 1, 15)).pk


def test_a_visit_cannot_be_corrected_to_before_practice_started(personas, practising):
    visit = record(personas["coordinator"], practising)
    with pytest.raises(ValidationError) as refused:
        visit_update(
            actor=personas["coordinator"], visit=visit, kind="home",
            visited_on=date(2025, 12, 1), topics="Prices", today=TODAY,
        )  # fmt: skip
    assert "visited_on" in refused.value.message_dict
    visit.refresh_from_db()
    assert visit.visited_on == TODAY


def test_the_same_visit_sent_twice_in_a_row_is_saved_once(personas, practising):
    first = record(personas["coordinator"], practising, topics=" Prices ")
    with pytest.raises(DuplicateVisit) as again:
        record(personas["coordinator"], practising, topics="Prices")
    assert again.value.visit == first and Visit.objects.count() == 1
    assert len(events("visit")) == 1


def test_a_different_visit_on_the_same_day_is_a_visit_of_its_own(personas, practising):
    record(personas["coordinator"], practising)
    record(personas["coordinator"], practising, kind="phone")
    record(personas["coordinator"], practising, topics="Stock")
    record(personas["coordinator"], practising, visited_on=TODAY - timedelta(days=1))
    assert Visit.objects.count() == 4


def test_the_same_visit_recorded_again_later_is_kept(personas, practising):
    first = record(personas["coordinator"], practising)
    Visit.objects.filter(pk=first.pk).update(
        recorded_at=timezone.now() - DUPLICATE_WINDOW - timedelta(seconds=1)
    )
    record(personas["coordinator"], practising)
    assert Visit.objects.count() == 2


def test_no_visit_before_business_practice_starts(personas, person):
    with pytest.raises(ValidationError) as refused:
        record(personas["coordinator"], person)
    assert refused.value.code == "not_in_practice" and not Visit.objects.exists()


def test_the_mentor_is_the_recording_users_own_else_the_familys_staff_mentor(personas, practising):
    rina = make_mentor("Bu Rina", user=personas["mentor"])
    budi = make_mentor("Pak Budi", user=personas["field_officer"])
    assert record(personas["coordinator"], practising, topics="First").mentor is None
    assign(practising, rina)
    assert record(personas["coordinator"], practising, topics="Second").mentor == rina
    assert record(personas["field_officer"], practising, topics="Third").mentor == budi


def test_a_photo_that_is_not_an_image_is_refused(personas, practising):
    fake = SimpleUploadedFile("visit.jpg", b"no photo here", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        record(personas["coordinator"], practising, photo=fake)
    assert "photo" in refused.value.message_dict and not Visit.objects.exists()


def test_a_photo_is_kept_under_an_opaque_name(personas, practising):
    visit = record(personas["coordinator"], practising, photo=photo("siti-aminah.jpg"))
    assert visit.photo and "siti" not in visit.photo.name and practising.nik not in visit.photo.name


def test_correcting_a_visit_audits_what_changed_and_can_replace_the_photo(
    personas, practising, django_capture_on_commit_callbacks
):
    visit = record(personas["coordinator"], practising, photo=photo())
    old_name = visit.photo.name
    storage = visit.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        visit_update(
            actor=personas["coordinator"],
            visit=visit,
            kind="phone",
            visited_on=TODAY,
            topics="Prices",
            photo=photo("new.png", "PNG"),
            today=TODAY,
        )
    visit.refresh_from_db()
    assert visit.kind == "phone" and visit.photo.name != old_name
    assert not storage.exists(old_name)
    update = events("visit")[-1]
    assert update.changes["kind"] == ["home", "phone"] and update.changes["photo"] == [True, True]
    with django_capture_on_commit_callbacks(execute=True):
        visit_update(
            actor=personas["coordinator"],
            visit=visit,
            kind="phone",
            visited_on=TODAY,
            topics="Prices",
            remove_photo=True,
            today=TODAY,
        )
    visit.refresh_from_db()
    assert not visit.photo


def test_deleting_a_visit_is_audited(personas, practising):
    visit = record(personas["coordinator"], practising)
    visit_delete(actor=personas["coordinator"], visit=visit)
    assert not Visit.objects.exists()
    assert events("visit")[-1].action == AuditEvent.Action.DELETE


# Plans

ACTION = {"description": "Open a second stall", "who": "family", "due_on": date(2026, 6, 1)}


def create(actor, person, **overrides):
    fields = {
        "business_goal": "Sell at two markets",
        "family_goal": "Eat together",
        "schooling_goal": "",
        "actions": [ACTION],
        "today": TODAY,
    }
    fields.update(overrides)
    return mentoring_plan_create(actor=actor, person=person, **fields)


def test_versions_count_up_and_old_versions_stay_as_they_were(personas, practising):
    first = written_on(create(personas["mentor"], practising), TODAY)
    mentoring_plan_agree(
        actor=personas["mentor"], plan=first, agreed_on=TODAY, agreement_note="signed",
        today=TODAY,
    )  # fmt: skip
    second = create(
        personas["coordinator"],
        practising,
        business_goal="Sell at three markets",
        actions=[ACTION, {**ACTION, "description": "Register a NIB"}],
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.business_goal == "Sell at two markets" and first.agreed_on == TODAY
    assert [a.description for a in first.actions.all()] == ["Open a second stall"]
    assert second.agreed_on is None and second.actions.count() == 2
    event = events("mentoringplan")[-1]
    assert event.changes["version"] == [1, 2] and event.changes["actions"] == [1, 2]
    assert event.changes["business_goal"] == ["Sell at two markets", "Sell at three markets"]


def test_a_version_identical_to_the_newest_is_refused(personas, practising):
    create(personas["mentor"], practising)
    with pytest.raises(ValidationError) as refused:
        create(personas["mentor"], practising)
    assert refused.value.code == "unchanged" and MentoringPlan.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"business_goal": " "}, "business_goal"),
        ({"family_goal": ""}, "family_goal"),
        ({"actions": []}, "actions"),
        ({"actions": [{**ACTION, "description": " "}]}, "actions"),
        ({"actions": [{**ACTION, "who": "neighbour"}]}, "actions"),
        ({"actions": [{**ACTION, "due_on": date(1999, 1, 1)}]}, "actions"),
        ({"actions": [{**ACTION, "due_on": date(2100, 1, 1)}]}, "actions"),
        ({"actions": [ACTION] * 21}, "actions"),
    ],
)
def test_bad_plans_are_refused_and_nothing_is_written(personas, practising, overrides, field):
    with pytest.raises(ValidationError) as refused:
        create(personas["mentor"], practising, **overrides)
    assert field in refused.value.message_dict
    assert not MentoringPlan.objects.exists() and not PlanAction.objects.exists()


def test_the_agreement_is_recorded_once_and_only_on_the_newest_version(personas, practising):
    old = written_on(make_plan(practising, 1), TODAY)
    newest = written_on(make_plan(practising, 2), TODAY)
    with pytest.raises(ValidationError) as refused:
        mentoring_plan_agree(
            actor=personas["mentor"], plan=old, agreed_on=TODAY, agreement_note="verbal",
            today=TODAY,
        )  # fmt: skip
    assert refused.value.code == "not_newest"
    for bad_date in (TODAY + timedelta(days=1), date(1999, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            mentoring_plan_agree(
                actor=personas["mentor"], plan=newest, agreed_on=bad_date,
                agreement_note="verbal", today=TODAY,
            )  # fmt: skip
        assert "agreed_on" in refused.value.message_dict
    mentoring_plan_agree(
        actor=personas["mentor"], plan=newest, agreed_on=TODAY, agreement_note=" WhatsApp ",
        today=TODAY,
    )  # fmt: skip
    newest.refresh_from_db()
    assert newest.agreed_on == TODAY and newest.agreement_note == "WhatsApp"
    with pytest.raises(ValidationError) as refused:
        mentoring_plan_agree(
            actor=personas["mentor"], plan=newest, agreed_on=TODAY, agreement_note="again",
            today=TODAY,
        )  # fmt: skip
    assert refused.value.code == "already_agreed"
    assert events("mentoringplan")[-1].changes["agreed_on"] == [None, "2026-03-20"]


def test_a_version_cannot_be_agreed_before_it_was_written(personas, practising):
    plan = written_on(make_plan(practising, 1), TODAY - timedelta(days=5))
    for too_early in (date(2001, 1, 1), TODAY - timedelta(days=6)):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            mentoring_plan_agree(
                actor=personas["mentor"], plan=plan, agreed_on=too_early,
                agreement_note="signed", today=TODAY,
            )  # fmt: skip
        assert "15 Mar 2026" in " ".join(refused.value.message_dict["agreed_on"])
    plan.refresh_from_db()
    assert plan.agreed_on is None
    mentoring_plan_agree(
        actor=personas["mentor"], plan=plan, agreed_on=TODAY - timedelta(days=5),
        agreement_note="signed", today=TODAY,
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.agreed_on == date(2026, 3, 15)


def test_a_plan_written_today_cannot_be_agreed_in_2001(personas, practising):
    plan = create(personas["mentor"], practising, today=None)
    with pytest.raises(ValidationError) as refused:
        mentoring_plan_agree(
            actor=personas["mentor"], plan=plan, agreed_on=date(2001, 1, 1),
            agreement_note="signed",
        )  # fmt: skip
    assert "agreed_on" in refused.value.message_dict


def test_a_visit_and_a_plan_of_another_family_do_not_mix(personas, practising):
    other = start_practice(make_person(full_name="Other"), on=date(2026, 1, 15))
    create(personas["mentor"], practising)
    assert create(personas["mentor"], other).version == 1
    make_visit(other, date(2026, 2, 1))
    assert practising.visits.count() == 0
