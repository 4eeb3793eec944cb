"""The Nu HTML Checker (vnu.jar from npm's `vnu-jar`, run with Debian's Java) for tests."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def require_checker():
    """Skip with the fix where Java or vnu.jar is missing; under CI a missing checker fails."""
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("Java (`apt-get install -y default-jre-headless`)")
    if not VNU_JAR.exists():
        missing.append("vnu.jar (`npm install` in the project folder)")
    if missing:
        message = "the Nu HTML Checker needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return java


def html_errors(pages):
    """{name: [error message, …]} for every page in {name: html} with errors; one Java run."""
    java = require_checker()
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(html, encoding="utf-8")
            files[path.as_uri()] = name
        result = subprocess.run(
            [
                java,
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--errors-only",
                "--exit-zero-always",
                *[str(Path(folder) / f"page{index}.html") for index in range(len(pages))],
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    report = json.loads(result.stderr or result.stdout)
    errors = {}
    for message in report["messages"]:
        name = files.get(
            message.get("url", "").replace("file:/", "file:///", 1), message.get("url")
        )
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]"
        )
    return errors
