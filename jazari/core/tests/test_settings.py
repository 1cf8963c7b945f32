"""Settings come from the environment, are all documented, and a wrong value stops the start-up."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, load_env_file

ROOT = Path(__file__).resolve().parents[3]


def test_it_documents_every_setting_read_from_the_environment():
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert read, "no setting found: the pattern is out of date"
    assert read <= documented, f"undocumented in .env.example: {sorted(read - documented)}"


def test_it_refuses_a_wrong_boolean(monkeypatch):
    monkeypatch.setenv("JAZARI_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="JAZARI_TEST_FLAG must be true or false"):
        env_bool("JAZARI_TEST_FLAG", False)
    monkeypatch.setenv("JAZARI_TEST_FLAG", "yes")
    assert env_bool("JAZARI_TEST_FLAG", False) is True


def test_it_refuses_a_wrong_number(monkeypatch):
    monkeypatch.setenv("JAZARI_TEST_NUMBER", "five")
    with pytest.raises(ImproperlyConfigured, match="must be a whole number"):
        env_int("JAZARI_TEST_NUMBER", 1)
    monkeypatch.setenv("JAZARI_TEST_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("JAZARI_TEST_NUMBER", 1, minimum=1)


def test_it_reads_lists_and_env_files(monkeypatch, tmp_path):
    monkeypatch.setenv("JAZARI_TEST_LIST", "fr, ar,,en")
    assert env_list("JAZARI_TEST_LIST", []) == ["fr", "ar", "en"]
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\nJAZARI_TEST_FROM_FILE='from file'\nJAZARI_TEST_EMPTY=\n", encoding="utf-8"
    )
    monkeypatch.delenv("JAZARI_TEST_FROM_FILE", raising=False)
    load_env_file(env_file)
    import os

    assert os.environ["JAZARI_TEST_FROM_FILE"] == "from file"
    assert "JAZARI_TEST_EMPTY" not in os.environ
    monkeypatch.delenv("JAZARI_TEST_FROM_FILE")
    env_file.write_text("not a setting\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 1"):
        load_env_file(env_file)


def _settings_in_subprocess(env: dict[str, str], expression: str) -> str:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        env={**os.environ, "DJANGO_DEBUG": "true", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout + result.stderr


def test_it_configures_an_oidc_identity_provider_from_the_environment():
    out = _settings_in_subprocess(
        {"OIDC_SERVER_URL": "https://sso.example.ma/realms/jazari", "OIDC_CLIENT_ID": "jazari"},
        "s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]['settings']['server_url']",
    )
    assert "https://sso.example.ma/realms/jazari" in out


def test_it_refuses_to_serve_without_a_secret_key_in_production():
    out = _settings_in_subprocess(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "", "DJANGO_SETTINGS_MODULE": "config.settings"},
        "__import__('config.wsgi')",
    )
    assert "DJANGO_SECRET_KEY is empty" in out
    commands = _settings_in_subprocess(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""}, "s.SECRET_KEY_IS_PLACEHOLDER"
    )
    assert commands.strip() == "True"  # migrations and checks still run


def test_it_refuses_an_unknown_language():
    out = _settings_in_subprocess({"JAZARI_LANGUAGES": "fr,xx"}, "1")
    assert "JAZARI_LANGUAGES must list codes" in out
