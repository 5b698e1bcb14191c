import pytest

from purna.core import pathways
from purna.core.pathways import (
    FIELD_VERIFICATION,
    MENTORING,
    MINDSET_BUSINESS,
    MINDSET_SAKINAH,
    MODULE_CODES,
    PATHWAYS,
    PEER_MENTOR,
    PRACTICE,
    TRAINING_BUSINESS,
    TRAINING_SAKINAH,
    pathway_for,
)
from purna.core.quadrants import Quadrant


def test_module_codes_equal_their_names_in_order():
    names = [
        "MINDSET_BUSINESS",
        "MINDSET_SAKINAH",
        "TRAINING_BUSINESS",
        "TRAINING_SAKINAH",
        "PRACTICE",
        "MENTORING",
        "FIELD_VERIFICATION",
        "PEER_MENTOR",
    ]
    assert list(MODULE_CODES) == names
    assert all(getattr(pathways, name) == name for name in names)


def test_pathways_per_quadrant():
    assert pathway_for(Quadrant.I) == (
        MINDSET_BUSINESS,
        MINDSET_SAKINAH,
        TRAINING_BUSINESS,
        TRAINING_SAKINAH,
        PRACTICE,
        MENTORING,
    )
    assert pathway_for(Quadrant.II) == (MINDSET_SAKINAH, TRAINING_SAKINAH, PRACTICE, MENTORING)
    assert pathway_for(Quadrant.III) == (
        MINDSET_BUSINESS,
        TRAINING_BUSINESS,
        PRACTICE,
        MENTORING,
    )
    assert pathway_for(Quadrant.IV) == (FIELD_VERIFICATION, PEER_MENTOR)


def test_high_axes_skip_their_modules():
    # a quadrant that is high on an axis never gets that axis's mindset or training
    for quadrant in (Quadrant.II, Quadrant.IV):
        assert not {MINDSET_BUSINESS, TRAINING_BUSINESS} & set(PATHWAYS[quadrant])
    for quadrant in (Quadrant.III, Quadrant.IV):
        assert not {MINDSET_SAKINAH, TRAINING_SAKINAH} & set(PATHWAYS[quadrant])


def test_every_quadrant_has_a_pathway_of_known_modules():
    assert set(PATHWAYS) == set(Quadrant)
    for modules in PATHWAYS.values():
        assert modules and set(modules) <= set(MODULE_CODES)


def test_unknown_quadrant_has_an_empty_pathway():
    assert pathway_for(None) == ()


def test_quadrant_given_as_string_works():
    assert pathway_for("IV") == (FIELD_VERIFICATION, PEER_MENTOR)  # type: ignore[arg-type]


def test_pathways_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        PATHWAYS[Quadrant.I] = ()  # type: ignore[index]
    assert isinstance(PATHWAYS[Quadrant.I], tuple)
