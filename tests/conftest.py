"""Shared fixtures.

``postgres_url`` starts a real, throw-away PostgreSQL server for the session:
initdb into a temporary folder, a free localhost port, the unix socket in
that folder, trust authentication, one database; it yields a
``postgresql+psycopg://`` URL and stops the server at the end. When
PostgreSQL is not installed the tests using it are skipped, unless env ``CI``
is set: there it is installed, so its absence is a failure.

As root (containers), initdb refuses to run, so the server runs as the
``postgres`` user (created by the Debian package) via ``runuser``.
"""
from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _pg_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's layout."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb") + glob.glob("/usr/local/pgsql/bin/initdb")

    def version(p):
        part = Path(p).parts[-3]
        return int(part) if part.isdigit() else 0

    for initdb in sorted(candidates, key=version, reverse=True):
        if os.access(initdb, os.X_OK):
            return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a fresh PostgreSQL database on a private server (see module doc)."""
    bindir = _pg_bindir()
    if bindir is None:
        _unavailable("initdb/pg_ctl not found (apt-get install postgresql)")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user to run the server")
        runuser = shutil.which("runuser")
        prefix = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-s", "/bin/sh", "-c"]
    # Not under pytest's tmp folder: that one is private to the current user.
    base = Path(tempfile.mkdtemp(prefix="piguard-pg-"))
    data, logfile = base / "data", base / "server.log"
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = list(args)
        if prefix and prefix[0] == "su":
            cmd = prefix + [shlex.join(cmd)]
        else:
            cmd = prefix + cmd
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    port = _free_port()
    started = False
    try:
        try:
            run(str(bindir / "initdb"), "-D", str(data), "-U", "piguard", "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync")
            opts = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off")
            run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(logfile), "-o", opts, "-w", "-t", "60", "start")
            started = True
            run(str(bindir / "createdb"), "-h", str(base), "-p", str(port), "-U", "piguard", "piguard_test")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            detail = (getattr(e, "stderr", "") or "").strip().splitlines()[-1:] or [str(e)]
            log = logfile.read_text(errors="replace").strip().splitlines()[-3:] if logfile.exists() else []
            pytest.fail(f"could not start PostgreSQL: {detail[0]} {' | '.join(log)}", pytrace=False)
        yield f"postgresql+psycopg://piguard@127.0.0.1:{port}/piguard_test"
    finally:
        if started:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(base, ignore_errors=True)
