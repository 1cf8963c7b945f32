import sys

import pytest

from jazari.cli import main


def test_it_runs_django_commands_as_jazari(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["jazari", "help", "load_reference"])
    main()
    assert "Load the reference facts" in capsys.readouterr().out


def test_it_lists_its_commands(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["jazari", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code in (0, None)
    assert "load_reference" in capsys.readouterr().out
