import sys

from jazari.cli import main


def test_it_runs_django_commands_as_jazari(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["jazari", "help", "load_reference"])
    main()
    assert "Load the reference facts" in capsys.readouterr().out


def test_it_lists_its_commands(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["jazari", "--help"])
    main()
    assert "load_reference" in capsys.readouterr().out
