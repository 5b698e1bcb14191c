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
