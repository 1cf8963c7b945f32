"""The public forms' limits hold with two real web processes behind a trusted proxy: gunicorn with two
workers on a throw-away SQLite database, hit by concurrent clients. Each process counting on its own would
let about twice the limit through."""

import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from jazari.core.serving import HOST, ROOT, free_port, gunicorn

pytestmark = pytest.mark.processes

LIMIT = 4
ATTEMPTS = 12
MAKE_ACTIVITY = """
from jazari.activities.tests.factories import open_training
from jazari.network.models import Institute, Region
activity = open_training(Institute.objects.get(slug="jazari-nador"))
print("made", activity.public_id, Region.objects.get(code="MA-02").pk)
"""


@pytest.fixture(scope="module")
def server():
    folder = Path(tempfile.mkdtemp(prefix="jazari-limits-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'limits.sqlite3'}",
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "JAZARI_LOG_LEVEL": "ERROR",
        "JAZARI_TRUSTED_PROXIES": "1",
        "JAZARI_NEED_SUBMISSIONS_PER_HOUR": str(LIMIT),
        "JAZARI_REGISTRATIONS_PER_HOUR": str(LIMIT),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    jazari = str(Path(sys.executable).parent / "jazari")
    for command in (["migrate", "--no-input", "-v0"], ["load_reference"]):
        subprocess.run([jazari, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    made = subprocess.run(
        [jazari, "shell", "-c", MAKE_ACTIVITY], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    port = free_port()
    with gunicorn(port, env, workers=2):
        activity, region = made.stdout.split("made ")[-1].split()
        yield f"http://{HOST}:{port}", activity, region


def concurrently(url: str, forms: list[dict[str, str]], client: str) -> list[int]:
    """Post each form at once from `client` (behind the trusted proxy), each with a new forged address."""
    session = requests.Session()
    page = session.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, f"no form at {url}"

    def post(number: int) -> int:
        headers = {"X-Forwarded-For": f"198.51.100.{number}, {client}", "Referer": url}
        data = {**forms[number], "csrfmiddlewaretoken": token.group(1)}
        return session.post(url, data=data, headers=headers, allow_redirects=False, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        return sorted(pool.map(post, range(len(forms))))


def test_it_holds_the_needs_limit_across_two_processes(server):
    base, _activity, region = server
    form = {
        "title": "Tri des olives par calibre",
        "description": "Trier les olives par calibre à partir d'images prises sur la chaîne.",
        "kind": "technology",
        "organisation_name": "Coopérative Zitoun",
        "organisation_kind": "cooperative",
        "region": region,
        "urgency": "medium",
        "contact_name": "Karim Alaoui",
        "contact_email": "karim@example.ma",
        "consent": "on",
    }
    statuses = concurrently(f"{base}/fr/needs/submit/", [form] * ATTEMPTS, client="203.0.113.9")
    assert statuses == [302] * LIMIT + [429] * (ATTEMPTS - LIMIT)
    assert concurrently(f"{base}/fr/needs/submit/", [form], client="203.0.113.10") == [302]


def test_it_holds_the_registration_limit_across_two_processes(server):
    base, activity, _region = server
    forms = [
        {"given_name": f"P{n}", "family_name": "Test", "email": f"p{n}@example.ma", "consent": "on"}
        for n in range(ATTEMPTS)
    ]
    url = f"{base}/fr/activities/{activity}/register/"
    assert concurrently(url, forms, client="203.0.113.20") == [302] * LIMIT + [429] * (ATTEMPTS - LIMIT)
