"""Run the schemathesis command line against the real server, as the national coordinator.

    .venv/bin/python scripts/schemathesis.py                   # what `make schemathesis` runs
    .venv/bin/python scripts/schemathesis.py --max-examples 10 # a quicker run
    .venv/bin/python scripts/schemathesis.py --keep            # keep the database and the report afterwards

It builds a throw-away SQLite database in a temporary folder (`jazari migrate`, `jazari load_reference`,
`jazari seed --scale small`), creates a national coordinator with a personal API token, serves the platform
with gunicorn on 127.0.0.1 and a free port, and runs `schemathesis run` on /api/v1/openapi.json with that
token: every phase (examples, coverage, fuzzing, stateful), every check, a bounded number of examples per
operation and a fixed seed, so that two runs send the same requests. A warning (an operation that mostly
rejects the data its own schema describes, a schema that disagrees with the validation...) fails the run as
a failure does. Its exit status is schemathesis's; the server and the folder are removed afterwards, also
after an error. Nothing but 127.0.0.1 is ever called.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jazari.core.serving import HOST, ROOT, free_port, gunicorn

BIN = Path(sys.executable).parent
COORDINATOR = "schemathesis@jazari.invalid"
# Runs in `jazari shell`: a coordinator and their API token, and the identifiers of records that no operation
# lists (a certificate's code, a deliverable's file), printed as one line of JSON.
SETUP_CODE = f"""
import io, json, secrets
from jazari.accounts.models import Role
from jazari.accounts.services import account_ensure, membership_grant
from jazari.accounts.tokens import api_token_create
from jazari.activities.models import Certificate
from jazari.needs.models import Need
from jazari.projects.models import Deliverable, Project
from jazari.projects.services import deliverable_add_version
user = account_ensure(email={COORDINATOR!r}, password=secrets.token_urlsafe())
membership_grant(user=user, role=Role.COORDINATOR)
pdf = b"%PDF-1.4\\n1 0 obj << /Type /Catalog >> endobj\\ntrailer << /Root 1 0 R >>\\n%%EOF\\n"
drafts = list(Deliverable.objects.filter(status="draft").order_by("pk")[:2])
version = deliverable_add_version(
    deliverable=drafts[0], upload=io.BytesIO(pdf), name="rapport.pdf", size=len(pdf), uploaded_by=user
)
needs = Need.objects.filter(status="submitted").order_by("pk")
def first(queryset):
    return str(queryset.values_list("public_id", flat=True).first())
print(json.dumps({{
    "token": api_token_create(user=user, name="schemathesis", days=1)[1],
    "certificate": Certificate.objects.order_by("pk").values_list("code", flat=True).first(),
    "with_version": str(drafts[0].public_id),
    "version": version.number,
    "draft": str(drafts[1].public_id),
    "submitted": first(Deliverable.objects.filter(status="submitted").order_by("pk")),
    "project": first(Project.objects.filter(stage="idea").order_by("pk")),
    "need": first(needs),
    "other_need": first(needs[1:]),
}}))
"""
# Operations whose refusal depends on the state of the records, which no schema can say: a deliverable is
# reviewed once submitted, a stage gate moves a project forward, a need's status follows its own order, a
# file is judged by its content, a certificate code by its check character. There, a 422 that says so is an
# answer to valid data, not a schema that says less than the API checks.
# There, one record in the right state lets the operation succeed, once, in the first phase that tries it;
# the next phases find it reviewed, submitted, moved on. Every warning but those about refused data stays
# (schemathesis weighs "missing test data" and "validation mismatch" together: the records given below are
# the test data).
STATEFUL_WARNINGS = [
    "missing_auth", "base_url_mismatch", "missing_deserializer", "unused_openapi_auth", "unsupported_regex",
    "method_not_allowed", "unresolvable_reference", "rate_limited", "timeout_units",
]  # fmt: skip
# Loaded by schemathesis (SCHEMATHESIS_HOOKS): the run does not rename institutes, whose short names the
# lists' filters take from the document read at the start (a renamed one would be refused, rightly).
HOOKS = """
import schemathesis


@schemathesis.hook
def filter_case(context, case):
    renames = case.operation.label == "PATCH /api/v1/institutes/{slug}" and isinstance(case.body, dict)
    return not (renames and "slug" in case.body)
"""


def config(data: dict[str, Any]) -> str:
    """schemathesis's settings: warnings fail the run, what it generates is reproducible, and the records
    above are its examples."""
    deliverables = "POST /api/v1/deliverables/{public_id}"
    operations = [
        operation("GET /api/v1/certificates/verify", {"code": data["certificate"]}, stateful=True),
        operation(
            "GET /api/v1/deliverables/{public_id}/versions/{number}/file",
            {"public_id": data["with_version"], "number": data["version"]},
        ),
        operation(f"{deliverables}/submit", {"public_id": data["with_version"]}, stateful=True),
        operation(f"{deliverables}/reviews", {"public_id": data["submitted"]}, stateful=True),
        operation(f"{deliverables}/versions", {"public_id": data["draft"]}, stateful=True),
        operation("POST /api/v1/projects/{public_id}/gates", {"public_id": data["project"]}, stateful=True),
        operation("POST /api/v1/needs/{public_id}/status", {"public_id": data["need"]}, stateful=True),
        operation("POST /api/v1/needs/{public_id}/matches", {"public_id": data["other_need"]}, stateful=True),
    ]
    settings = 'seed = 7\n[warnings]\nfail-on = true\n[generation]\ndatabase = "none"\n'
    return "\n".join([settings, *operations])


def operation(name: str, parameters: dict[str, Any], *, stateful: bool = False) -> str:
    """One operation's settings: the records it acts on and, where its refusals depend on their state
    (`STATEFUL_WARNINGS`), a 422 counted as an answer to valid data."""
    values = ", ".join(f"{key} = {json.dumps(value)}" for key, value in parameters.items())
    lines = ["[[operations]]", f"include-name = {json.dumps(name)}", f"parameters = {{ {values} }}"]
    if stateful:
        lines.append(
            'checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422"]'
        )
        lines.append(f"warnings = {json.dumps(STATEFUL_WARNINGS)}")
    return "\n".join(lines) + "\n"


def jazari(*args: str, env: dict[str, str]) -> str:
    """Run a `jazari` management command; its output."""
    done = subprocess.run(
        [str(BIN / "jazari"), *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """A migrated database with the reference data and the small demo data; a coordinator's API token and
    the identifiers of a few records (`SETUP_CODE`)."""
    started = time.monotonic()
    jazari("migrate", "--no-input", "-v0", env=env)
    jazari("load_reference", env=env)
    jazari("seed", "--scale", "small", "--seed", "7", env=env)
    data: dict[str, Any] = json.loads(jazari("shell", "-c", SETUP_CODE, env=env).strip().splitlines()[-1])
    print(f"database ready in {time.monotonic() - started:.1f} s", flush=True)
    return data


def schemathesis(port: int, data: dict[str, Any], folder: Path, max_examples: int) -> int:
    settings = folder / "schemathesis.toml"
    settings.write_text(config(data), encoding="utf-8")
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(settings),
        "run",
        f"http://{HOST}:{port}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {data['token']}",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--checks",
        "all",
        "--max-examples",
        str(max_examples),
        "--workers",
        "1",
        "--report-dir",
        str(folder / "report"),
        "--no-color",
    ]
    (folder / "jazari_schemathesis_hooks.py").write_text(HOOKS, encoding="utf-8")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "jazari_schemathesis_hooks", "PYTHONPATH": str(folder)}
    return subprocess.run(command, cwd=folder, env=env, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--max-examples", type=int, default=30, help="test cases per operation and phase (default 30)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="jazari-schemathesis-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "JAZARI_VAR_DIR": str(folder),  # uploaded files and media stay in the folder
    }
    log = folder / "server.log"
    try:
        data = prepare(env)
        port = free_port()
        # One process: SQLite takes one writer at a time, and the answers stay deterministic.
        with gunicorn(port, env, workers=1, log=log):
            status = schemathesis(port, data, folder, options.max_examples)
        errors = [line for line in log.read_text(errors="replace").splitlines() if "Server Error" in line]
        print(f"server errors logged: {len(errors)}", *errors[:20], sep="\n")
        return status
    finally:
        if options.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
