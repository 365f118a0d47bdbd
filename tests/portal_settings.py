"""The portal's production settings as a process of its own reads them from its environment
(for the tests of what an environment variable chooses)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def portal_setting(name: str, **environment) -> object:
    """`settings.<name>` of psep_portal.settings under `environment` (and nothing of the
    caller's own settings), as JSON gives it back."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps(settings.{name}, default=str))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    }
    env.update(DJANGO_SETTINGS_MODULE="psep_portal.settings", **environment)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
