"""Proposals through core.matching with real rows: who is proposed, to whom, and when an
accepted proposal is stale."""

from datetime import date

import pytest

from purna.core import matching
from purna.mentors.models import Mentor
from purna.mentors.proposals import (
    OverCapacityEdit,
    mark,
    proposal_build,
    snapshot_read,
    stale_reason,
)
from purna.people.models import Person
from purna.programme.services import person_withdraw
from tests.factories import assign, make_mentor

from .helpers import (
    BROTONEGARAN,
    PACITAN_DISTRICT,
    PAJU,
    PONOROGO,
    SLAHUNG,
    TUGUREJO,
    WIDORO,
    family,
    peer_returnee,
    staff,
)


@pytest.fixture
def coordinator(personas):
    return personas["coordinator"]


def names(built) -> dict[str, str | None]:
    return {
        built.by_person[pid].full_name: (built.by_mentor[mid].name if mid else None)
        for pid, mid in built.proposal.mentor_for.items()
    }


def test_the_nearer_mentor_is_proposed(db, coordinator):
    family("Ani", village=PAJU)
    family("Budi", sex="L", village=TUGUREJO)
    staff("Bu Rina", districts=[PONOROGO])
    staff("Bu Sari", districts=[SLAHUNG])
    built = proposal_build(coordinator, "staff")
    assert names(built) == {"Ani": "Bu Rina", "Budi": "Bu Sari"}
    ani = built.family_by_person[built.people[0].pk]
    rina = built.offer_by_mentor[built.proposal.mentor_for[ani.key]]
    assert mark(ani, rina).level == matching.DISTRICT


def test_capacity_is_respected_counting_open_assignments(db, coordinator):
    for name in ("Ani", "Budi", "Citra"):
        family(name)
    rina = staff("Bu Rina", districts=[PONOROGO], capacity=2)
    assign(family("Dewi", on=date(2025, 12, 1)), rina)  # one place taken already
    staff("Bu Sari", districts=[SLAHUNG], capacity=5)
    built = proposal_build(coordinator, "staff")
    chosen = list(names(built).values())
    assert chosen.count("Bu Rina") == 1 and chosen.count("Bu Sari") == 2
    assert built.offer_by_mentor[rina.pk].capacity == 1
    assert built.offer_by_mentor[rina.pk].load == 1


def test_a_withdrawn_family_frees_its_place_and_finds_its_mentor_when_reinstated(db, coordinator):
    rina = staff("Bu Rina", districts=[PONOROGO], capacity=1)
    dewi = family("Dewi", on=date(2025, 12, 1))
    assign(dewi, rina)
    family("Ani")
    assert proposal_build(coordinator, "staff").offer_by_mentor[rina.pk].capacity == 0
    person_withdraw(actor=coordinator, person=dewi, reason="moved", on=date(2026, 2, 1))
    built = proposal_build(coordinator, "staff")
    assert built.offer_by_mentor[rina.pk].capacity == 1
    assert set(names(built).values()) == {"Bu Rina"}
    # The assignment stays open: reinstated, Dewi is still with Bu Rina.
    assert dewi.mentor_assignments.get().ended_on is None


def test_families_are_left_without_when_places_run_out(db, coordinator):
    family("Ani")
    family("Budi", sex="L")
    staff("Bu Rina", capacity=1)
    built = proposal_build(coordinator, "staff")
    assert sorted(names(built).values(), key=str) == ["Bu Rina", None]
    assert len(built.proposal.unassigned) == 1


def test_the_same_sex_wish_is_honoured(db, coordinator):
    # Bu Rina knows the family's sector; only the wish makes Pak Budi the better mentor.
    family("Joko", sex="L", interests=["livestock"], same_sex=True)
    staff("Bu Rina", sex="P", sectors=["livestock"])
    staff("Pak Budi", sex="L", sectors=["retail"])
    assert names(proposal_build(coordinator, "staff")) == {"Joko": "Pak Budi"}
    Person.objects.get(full_name="Joko").mentor_preference.delete()
    assert names(proposal_build(coordinator, "staff")) == {"Joko": "Bu Rina"}


def test_the_sector_of_interest_counts(db, coordinator):
    ani = family("Ani", interests=["tailoring"])
    rina = staff("Bu Rina", sectors=["food"])
    sari = staff("Bu Sari", sectors=["tailoring", "crafts"])
    built = proposal_build(coordinator, "staff")
    assert names(built) == {"Ani": "Bu Sari"}
    fam = built.family_by_person[ani.pk]
    assert mark(fam, built.offer_by_mentor[sari.pk]).sector_match is True
    assert mark(fam, built.offer_by_mentor[rina.pk]).sector_match is False


def test_only_waiting_practising_families_of_the_area(db, coordinator):
    family("Ani")
    family("Budi", sex="L", village=WIDORO)  # Pacitan: outside the coordinator's area
    family("Citra", practice=False)
    withdrawn = family("Dewi")
    Person.objects.filter(pk=withdrawn.pk).update(withdrawn_on=date(2026, 3, 1))
    graduated = family("Eka")
    Person.objects.filter(pk=graduated.pk).update(graduated_on=date(2026, 3, 1))
    assign(family("Fitri"), staff("Pak Joko"))
    staff("Bu Rina")
    staff("Bu Pacitan", districts=[PACITAN_DISTRICT])
    built = proposal_build(coordinator, "staff")
    assert [p.full_name for p in built.people] == ["Ani"]
    assert {m.name for m in built.mentors} == {"Bu Rina", "Pak Joko"}


def test_a_district_filter_limits_the_families(db, coordinator):
    family("Ani", village=PAJU)
    family("Budi", sex="L", village=TUGUREJO)
    staff("Bu Rina")
    built = proposal_build(coordinator, "staff", district=SLAHUNG)
    assert [p.full_name for p in built.people] == ["Budi"]


def test_peer_proposals_use_peer_mentors_and_their_village(db, coordinator):
    family("Ani", village=BROTONEGARAN)
    family("Budi", sex="L", village=PAJU)
    assign(Person.objects.get(full_name="Budi"), staff("Bu Rina"))  # has a staff mentor
    lastri = make_mentor(person=peer_returnee("Bu Lastri", village=BROTONEGARAN))
    make_mentor(person=peer_returnee("Bu Sri", village=TUGUREJO))
    built = proposal_build(coordinator, "peer")
    assert {m.kind for m in built.mentors} == {"peer"}
    assert names(built)["Ani"] == "Bu Lastri"
    ani = next(p for p in built.people if p.full_name == "Ani")
    fit = mark(built.family_by_person[ani.pk], built.offer_by_mentor[lastri.pk])
    assert fit.level == matching.VILLAGE
    # Budi has a staff mentor but no peer mentor: still waiting for one.
    assert "Budi" in names(built)


def test_inactive_mentors_are_not_proposed(db, coordinator):
    family("Ani")
    Mentor.objects.filter(pk=staff("Bu Rina").pk).update(is_active=False)
    built = proposal_build(coordinator, "staff")
    assert built.mentors == [] and names(built) == {"Ani": None}


def test_stale_when_a_family_got_a_mentor_or_a_mentor_changed(db, coordinator):
    ani = family("Ani")
    family("Budi", sex="L")
    rina = staff("Bu Rina")
    built = proposal_build(coordinator, "staff")
    snapshot = snapshot_read(built.snapshot())
    assert stale_reason(coordinator, "staff", snapshot) is None
    Mentor.objects.filter(pk=rina.pk).update(capacity=4)
    assert "Bu Rina" in stale_reason(coordinator, "staff", snapshot)
    Mentor.objects.filter(pk=rina.pk).update(capacity=10)
    assign(ani, staff("Pak Joko"))
    assert "Ani" in stale_reason(coordinator, "staff", snapshot)
    assert stale_reason(coordinator, "staff", None)
    assert snapshot_read("tampered") is None


def test_the_edited_cost_refuses_over_capacity_naming_the_mentor(db, coordinator):
    ani, budi = family("Ani"), family("Budi", sex="L")
    rina = staff("Bu Rina", capacity=1)
    sari = staff("Bu Sari", capacity=3)
    built = proposal_build(coordinator, "staff")
    with pytest.raises(OverCapacityEdit) as caught:
        built.cost_of({ani.pk: rina.pk, budi.pk: rina.pk})
    assert caught.value.mentor == rina
    assert built.cost_of({ani.pk: sari.pk, budi.pk: rina.pk}) == matching.total_cost(
        {ani.pk: sari.pk, budi.pk: rina.pk}, built.families, built.offers
    )
    assert built.cost_of(dict(built.proposal.mentor_for)) == built.proposal.cost
