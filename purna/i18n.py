"""Compile the .po translation catalogues to .mo (`python -m purna.i18n`).

polib instead of GNU gettext's msgfmt, so a fresh machine needs no system package.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def compile_catalogues() -> int:
    count = 0
    for po_path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


if __name__ == "__main__":
    print(f"translations: {compile_catalogues()} catalogue(s) compiled")
