"""Proposed mentor assignments: the families of a coordinator's area still waiting for a
mentor of one kind and the mentors with room, translated for core.matching, and back.

The proposal is deterministic for the same input, so a review screen can rebuild it from
the families it showed; `snapshot` records what it was built on (each mentor's capacity and
load) so that accepting it after those changed is refused instead of overfilling a mentor.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from purna.core import matching
from purna.people.models import Person

from .models import Kind, Mentor, MentorPreference
from .selectors import families_needing, mentors_for, with_load

# One review table at a time: longer lists are proposed in turns (oldest practice first).
PROPOSAL_LIMIT = 200
SNAPSHOT_SALT = "purna.mentors.proposal"


def family_of(person: Person) -> matching.Family:
    assessment = person.current_assessment
    try:
        same_sex = person.mentor_preference.same_sex
    except MentorPreference.DoesNotExist:
        same_sex = False
    return matching.Family(
        key=person.pk,
        village=person.village_id,
        sex=person.sex,
        interests=tuple(assessment.business_interests or ()) if assessment else (),
        wants_same_sex=same_sex,
    )


def offer_of(mentor: Mentor) -> matching.MentorOffer:
    """`mentor` annotated with `load` (selectors.with_load), districts prefetched."""
    return matching.MentorOffer(
        key=mentor.pk,
        sex=mentor.sex,
        capacity=max(0, mentor.capacity - mentor.load),
        sectors=frozenset(mentor.sectors),
        districts=frozenset(d.code for d in mentor.districts.all()),
        village=mentor.village_id,
        load=mentor.load,
    )


def offering_mentors(user, kind: str) -> list[Mentor]:
    """Active mentors of `kind` in the user's directory, with their load."""
    return list(
        with_load(mentors_for(user).filter(kind=kind, is_active=True))
        .select_related("institution")
        .prefetch_related("districts")
    )


@dataclass(frozen=True)
class Mark:
    """Why a mentor suits a family, for the review table."""

    level: str  # matching.VILLAGE .. FURTHER
    sector_match: bool | None  # None: the family stated no business interest
    same_sex: bool
    wish_unmet: bool  # a mentor of the same sex was wished and this one is not
    pair_cost: int

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])


LEVEL_LABELS = {
    matching.VILLAGE: gettext_lazy("same village"),
    matching.DISTRICT: gettext_lazy("same district"),
    matching.REGENCY: gettext_lazy("same regency"),
    matching.FURTHER: gettext_lazy("further away"),
}


def mark(family: matching.Family, offer: matching.MentorOffer) -> Mark:
    return Mark(
        level=matching.distance_level(family.village, offer),
        sector_match=bool(offer.sectors & set(family.interests)) if family.interests else None,
        same_sex=offer.sex == family.sex,
        wish_unmet=family.wants_same_sex and offer.sex != family.sex,
        pair_cost=matching.pair_cost(family, offer),
    )


@dataclass
class Built:
    kind: str
    people: list[Person]
    mentors: list[Mentor]
    families: list[matching.Family]
    offers: list[matching.MentorOffer]
    proposal: matching.Proposal
    more: int = 0  # families beyond PROPOSAL_LIMIT, left for the next turn
    by_person: dict = field(init=False)
    by_mentor: dict = field(init=False)
    offer_by_mentor: dict = field(init=False)

    def __post_init__(self) -> None:
        self.by_person = {p.pk: p for p in self.people}
        self.by_mentor = {m.pk: m for m in self.mentors}
        self.offer_by_mentor = {o.key: o for o in self.offers}

    @property
    def family_by_person(self) -> dict[int, matching.Family]:
        return {f.key: f for f in self.families}

    def snapshot(self) -> str:
        """A signed token of what the proposal was built on."""
        return signing.dumps(
            {
                "kind": self.kind,
                "people": [p.pk for p in self.people],
                "mentors": {str(m.pk): [m.capacity, m.load] for m in self.mentors},
            },
            salt=SNAPSHOT_SALT,
        )

    def expected(self) -> dict[int, tuple[int, int]]:
        return {m.pk: (m.capacity, m.load) for m in self.mentors}

    def cost_of(self, mentor_for: dict) -> int:
        """The total cost of an edited assignment (families missing count as unassigned).
        Raises OverCapacityEdit naming the first mentor given more families than room."""
        counts: dict = {}
        for mentor_id in mentor_for.values():
            if mentor_id is not None:
                counts[mentor_id] = counts.get(mentor_id, 0) + 1
        for mentor_id, count in counts.items():
            offer = self.offer_by_mentor[mentor_id]
            if count > offer.capacity:
                raise OverCapacityEdit(self.by_mentor[mentor_id], offer.capacity, count)
        return matching.total_cost(mentor_for, self.families, self.offers)


class OverCapacityEdit(ValueError):
    def __init__(self, mentor: Mentor, free: int, chosen: int) -> None:
        super().__init__(mentor.pk)
        self.mentor, self.free, self.chosen = mentor, free, chosen

    @property
    def message(self) -> str:
        return _("%(name)s has room for %(free)d more families, %(count)d were chosen.") % {
            "name": self.mentor.name,
            "free": self.free,
            "count": self.chosen,
        }


def proposal_build(
    user, kind: str, *, district: str | None = None, people: list[Person] | None = None
) -> Built:
    """The optimal proposal for the families of the user's area waiting for a mentor of
    `kind` (or for `people`, a review screen's rows), among the mentors with room."""
    if kind not in Kind.values:
        raise ValueError(kind)
    more = 0
    if people is None:
        waiting = families_needing(user, kind, district=district)
        people = list(waiting[:PROPOSAL_LIMIT])
        more = max(0, waiting.count() - len(people)) if len(people) == PROPOSAL_LIMIT else 0
    mentors = offering_mentors(user, kind)
    families = [family_of(p) for p in people]
    offers = [offer_of(m) for m in mentors]
    proposal = matching.propose(families, offers)
    return Built(kind, people, mentors, families, offers, proposal, more)


def snapshot_read(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SNAPSHOT_SALT)
    except signing.BadSignature:
        return None


def stale_reason(user, kind: str, snapshot: dict | None) -> str | None:
    """Why a reviewed proposal can no longer be accepted as shown, or None.

    Stale when a family shown got a mentor (or left practice), or when a mentor of the
    proposal changed capacity or load, stopped, or a new one became available."""
    if snapshot is None or snapshot.get("kind") != kind:
        return _("The proposal could not be read.")
    shown = set(snapshot["people"])
    waiting = set(families_needing(user, kind).filter(pk__in=shown).values_list("pk", flat=True))
    gone = shown - waiting
    if gone:
        person = Person.objects.filter(pk__in=gone).order_by("full_name").first()
        return _("%(name)s got a %(kind)s meanwhile, or no longer needs one.") % {
            "name": person.full_name if person else "?",
            "kind": str(Kind(kind).label).lower(),
        }
    now = {str(m.pk): [m.capacity, m.load] for m in offering_mentors(user, kind)}
    if now != snapshot["mentors"]:
        before = snapshot["mentors"]
        changed = [k for k in set(now) | set(before) if now.get(k) != before.get(k)]
        mentor = Mentor.objects.filter(pk__in=changed).order_by("name").first()
        return _("%(name)s's capacity or families changed since the proposal was made.") % {
            "name": mentor.name if mentor else "?"
        }
    return None
