import os
import subprocess
import sys
from pathlib import Path

from purna.cli import command_line

PURNA = Path(sys.executable).with_name("purna")


def test_hyphenated_command_names():
    assert command_line(["purna", "import-assessments", "x.csv"])[1] == "import_assessments"
    assert command_line(["purna", "help", "export-participants"])[2] == "export_participants"
    assert command_line(["purna", "--version"]) == ["purna", "--version"]


def test_commands_run_without_a_secret_key_but_the_web_app_does_not():
    env = {k: v for k, v in os.environ.items() if k not in {"PURNA_DEBUG", "PURNA_SECRET_KEY"}}
    done = subprocess.run(
        [PURNA, "help", "import-assessments"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "--skip-invalid" in done.stdout
    web = subprocess.run(
        [sys.executable, "-c", "import purna.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert web.returncode != 0 and "PURNA_SECRET_KEY" in web.stderr
