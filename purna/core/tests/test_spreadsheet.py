import pytest

from purna.core.spreadsheet import neutralise_formula


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","klik")',
        "+62812345",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "=",
    ],
)
def test_formula_starts_get_an_apostrophe(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["", "Siti Aminah", "Desa Sukorejo", "1+1", " =1+1", "a=b", "'=1+1", "62812345", "Rp 1.000"],
)
def test_other_text_is_unchanged(value):
    assert neutralise_formula(value) == value
