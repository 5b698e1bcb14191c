import logging

from purna.logfilters import MaskNik


def test_a_nik_in_a_logged_url_is_masked(person, monkeypatch):
    (console,) = [
        h for h in logging.getLogger().handlers if any(isinstance(f, MaskNik) for f in h.filters)
    ]
    written = []
    monkeypatch.setattr(console, "emit", written.append)  # what the console would print
    logging.getLogger("django.request").warning(
        "Not Found: %s", f"/api/v1/participants/{person.nik}"
    )
    (record,) = written
    assert person.nik not in record.getMessage()
    assert f"{person.nik[:6]}******{person.nik[-4:]}" in record.getMessage()


def test_every_handler_a_request_warning_reaches_masks_niks():
    """With DEBUG on, Django's own console handler printed the URL unmasked beside ours."""
    logger, handlers = logging.getLogger("django.request"), []
    while logger is not None:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    # pytest adds its own capturing handlers to the root logger while tests run.
    handlers = [h for h in handlers if not type(h).__module__.startswith("_pytest")]
    assert handlers
    assert all(any(isinstance(f, MaskNik) for f in h.filters) for h in handlers)
