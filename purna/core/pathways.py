"""Which modules each quadrant goes through, in order (the paper's pathways).

Quadrant IV gets no training: a field visit first checks that the business is real and
sakinah values are lived; if confirmed the family becomes a peer mentor (mitra
pendamping) for groups I-III, otherwise it is reassessed and placed where the visit shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from purna.core.quadrants import Quadrant

MINDSET_BUSINESS = "MINDSET_BUSINESS"  # from migrant worker to entrepreneur
MINDSET_SAKINAH = "MINDSET_SAKINAH"
TRAINING_BUSINESS = "TRAINING_BUSINESS"
TRAINING_SAKINAH = "TRAINING_SAKINAH"
PRACTICE = "PRACTICE"  # running a business with support
MENTORING = "MENTORING"  # pembinaan dan pendampingan, about 1-2 years
FIELD_VERIFICATION = "FIELD_VERIFICATION"  # uji lapangan
PEER_MENTOR = "PEER_MENTOR"  # mitra pendamping

MODULE_CODES = (
    MINDSET_BUSINESS,
    MINDSET_SAKINAH,
    TRAINING_BUSINESS,
    TRAINING_SAKINAH,
    PRACTICE,
    MENTORING,
    FIELD_VERIFICATION,
    PEER_MENTOR,
)

# Read-only so no caller can change the model for everyone at run time.
PATHWAYS: Mapping[Quadrant, tuple[str, ...]] = MappingProxyType(
    {
        Quadrant.I: (
            MINDSET_BUSINESS,
            MINDSET_SAKINAH,
            TRAINING_BUSINESS,
            TRAINING_SAKINAH,
            PRACTICE,
            MENTORING,
        ),
        Quadrant.II: (MINDSET_SAKINAH, TRAINING_SAKINAH, PRACTICE, MENTORING),
        Quadrant.III: (MINDSET_BUSINESS, TRAINING_BUSINESS, PRACTICE, MENTORING),
        Quadrant.IV: (FIELD_VERIFICATION, PEER_MENTOR),
    }
)


def pathway_for(quadrant: Quadrant | None) -> tuple[str, ...]:
    """The modules in order; empty while the quadrant is unknown."""
    if quadrant is None:
        return ()
    return PATHWAYS[Quadrant(quadrant)]
