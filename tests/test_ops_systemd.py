"""deploy/systemd: the morning run at 06:30 China time after PostgreSQL and the network, retried, with a notice."""
from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from core.cli import cli

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def _command(argv: list[str]) -> click.Command:
    """Walk the click tree like the shell would, refusing unknown commands and options."""
    ctx = click.Context(cli)
    command: click.Command = cli
    args = argv
    while isinstance(command, click.Group) and args and not args[0].startswith("-"):
        sub = command.get_command(ctx, args[0])
        assert sub is not None, f"`crdesk {' '.join(argv)}`: no command {args[0]!r}"
        command, args = sub, args[1:]
    opts = {o for p in command.params for o in getattr(p, "opts", [])}
    for arg in args:
        if arg.startswith("-"):
            assert arg in opts, f"`crdesk {' '.join(argv)}`: no option {arg}"
    return command


@pytest.mark.parametrize("name", ["crdesk-tasks", "crdesk-backup", "crdesk-doctor"])
def test_each_job_runs_crdesk_after_the_database_with_a_failure_notice(name: str) -> None:
    service = _unit(f"{name}.service")
    assert "postgresql.service" in service["Unit"]["After"] and "network-online.target" in service["Unit"]["After"]
    assert service["Unit"]["OnFailure"] == "crdesk-notify@%n.service"
    assert service["Service"]["User"] == "crdesk" and service["Service"]["UMask"] == "0077"
    argv = shlex.split(service["Service"]["ExecStart"])
    assert argv[0].endswith("/bin/crdesk")
    _command(argv[1:])
    timer = _unit(f"{name}.timer")
    assert timer["Timer"]["OnCalendar"].endswith(" Asia/Shanghai") and timer["Timer"]["Persistent"] == "true"
    assert timer["Timer"]["Unit"] == f"{name}.service"
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze checks the OnCalendar expressions"
    done = subprocess.run([analyze, "calendar", timer["Timer"]["OnCalendar"]], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "Asia/Shanghai" in done.stdout


def test_the_morning_run_is_quiet_and_retried_then_reported() -> None:
    service = _unit("crdesk-tasks.service")
    assert shlex.split(service["Service"]["ExecStart"])[1:] == ["tasks", "generate", "--quiet"]
    assert service["Service"]["Restart"] == "on-failure"
    assert int(service["Unit"]["StartLimitBurst"]) > 1
    assert _unit("crdesk-tasks.timer")["Timer"]["OnCalendar"] == "*-*-* 06:30:00 Asia/Shanghai"
    assert "mail" in _unit("crdesk-notify@.service")["Service"]["ExecStart"]


def test_readme_no_longer_relies_on_cron_tz() -> None:
    readme = (UNITS.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "CRON_TZ=" not in readme and "deploy/systemd" in readme
