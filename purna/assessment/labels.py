"""Translated names for the model's codes (quadrants and pathway modules)."""

from django.utils.translation import gettext_lazy as _

from purna.core import pathways
from purna.core.quadrants import Quadrant

MODULE_LABELS = {
    pathways.MINDSET_BUSINESS: _("Entrepreneurship mindset"),
    pathways.MINDSET_SAKINAH: _("Sakinah family mindset"),
    pathways.TRAINING_BUSINESS: _("Entrepreneurship training"),
    pathways.TRAINING_SAKINAH: _("Sakinah family training"),
    pathways.PRACTICE: _("Business practice"),
    pathways.MENTORING: _("Coaching and mentoring"),
    pathways.FIELD_VERIFICATION: _("Field test (uji lapangan)"),
    pathways.PEER_MENTOR: _("Peer mentor (mitra pendamping)"),
}

QUADRANT_LABELS = {
    "I": _("Business low, sakinah low"),
    "II": _("Business high, sakinah low"),
    "III": _("Business low, sakinah high"),
    "IV": _("Business high, sakinah high"),
}


def pathway_steps(quadrant: str) -> list[dict]:
    """The pathway of a quadrant as code + translated name, in order."""
    codes = pathways.pathway_for(Quadrant(quadrant) if quadrant else None)
    return [{"code": code, "name": MODULE_LABELS[code]} for code in codes]
