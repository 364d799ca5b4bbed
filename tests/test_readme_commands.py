"""Every command the README shows, run as written (issue 10).

Which lines are commands: every line of the README's ```sh (bash, shell, console) blocks, with
backslash continuations joined, and every inline `code` span of the prose whose first word is
one of COMMAND_WORDS or a path like `.venv/bin/…` or `.ci/run`. Each needs an entry in EXPECTED,
keyed by the command without its trailing comment: a README command without an entry fails, and
so does an entry the README no longer shows. How to add one: the comment above EXPECTED.

Where they run (never in the checkout itself, never on its var/):
- CHECKOUT: a copy of the source tree in a temporary directory, whose .venv borrows the test
  run's packages (no pip in it: nothing can be installed). Its `make run` is started as written:
  it writes .env, migrates, loads the demo and serves; the test logs in over HTTP, stops it and
  keeps the demo database, restored before each further command. No setting comes from the
  environment: the commands get PATH (as after `. .venv/bin/activate`), HOME, LANG and
  PYTHONPATH, which points at the copy because the borrowed packages' editable install points
  at the real checkout.
- SERVER: the package as the README's `pip install .` installs it from a copy of the source
  (into a temporary target, PIP_TARGET, without dependencies, PIP_NO_DEPS: they are the test
  run's), started from a directory that holds a .env with DEBUG=1, which must be ignored, with
  the variables of the README's `export` line; its entry names the placeholders and the values
  that cannot exist here, which get stand-ins.
Servers (`make run`'s runserver, gunicorn) bind 127.0.0.1:8000 as written: one test run at a
time holds a lock for the port, and a port taken by another program skips them, saying so.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import http.cookiejar
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
VENV = Path(sys.executable).parent.parent

CHECKOUT = "checkout"
SERVER = "server"
PORT = 8000
BASE_URL = f"http://127.0.0.1:{PORT}"
TIMEOUT = 600

# ---- finding the commands -----------------------------------------------------------------------

COMMAND_WORDS = {
    "vereinsforum",
    "make",
    "gunicorn",
    "pip",
    "python",
    "python3",
    "oathtool",
    "export",
    ".",
    "source",
}
COMMAND_PATHS = (".venv/bin/", ".ci/", "./")
SHELL_FENCES = {"sh", "bash", "shell", "console"}


def command_key(command: str) -> str:
    """The command as written without its comment, continuations and runs of blanks."""
    quote = ""
    for index, char in enumerate(command):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or command[index - 1].isspace()):
            command = command[:index]
            break
    return " ".join(command.replace("\\\n", " ").split())


def readme_commands(text: str) -> dict[str, str]:
    """{key: the command as written} in the order the README shows them."""
    found: dict[str, str] = {}
    fence = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
    for block in fence.finditer(text):
        if block.group(1) not in SHELL_FENCES:
            continue
        pending = ""
        for line in block.group(2).splitlines():
            pending = f"{pending}\n{line}" if pending else line
            if pending.endswith("\\"):
                continue
            if pending.strip() and not pending.lstrip().startswith("#"):
                found.setdefault(command_key(pending), pending.strip())
            pending = ""
    prose = fence.sub("", text)
    for span in re.finditer(r"(?<!`)`([^`\n]+)`(?!`)", prose):
        candidate = span.group(1).strip()
        words = candidate.split()
        if not words or len(words) < 2 and not words[0].startswith(COMMAND_PATHS):
            continue  # a name such as `vereinsforum`, not a command
        if words[0] in COMMAND_WORDS or words[0].startswith(COMMAND_PATHS):
            found.setdefault(command_key(candidate), candidate)
    return found


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def fits(template: str, instance: str) -> bool:
    """Whether instance is the template with its <placeholders> and [options] filled in."""
    pattern = ""
    for token in template.split():
        if re.fullmatch(r"<[^>]+>|…", token):
            pattern += r" \S+"
        elif re.fullmatch(r"\[[^\]]+\]", token):
            pattern += f"(?: {re.escape(token[1:-1])})?"
        else:
            pattern += " " + re.escape(token)
    return re.fullmatch(pattern.strip(), instance) is not None


# ---- the sandboxes ------------------------------------------------------------------------------


@dataclass
class Sandbox:
    where: str
    root: Path  # the working directory of its commands
    env: dict[str, str]
    database: Path  # the SQLite file its commands use
    demo: Path  # the demo database (and media) after make run, restored on demand
    done: set[str] = field(default_factory=set)
    outcome: dict[str, object] = field(default_factory=dict)

    def restore(self, database: str) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        if database == "demo":
            shutil.copy2(self.demo / "vereinsforum.sqlite3", self.database)

    def sh(self, script: str, *, stdin: str | None = None, cwd: Path | None = None):
        return subprocess.run(
            ["bash", "-c", script],
            cwd=cwd or self.root,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )


IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "var",
    ".env",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".mypy_cache",
    "build",
    "*.egg-info",
    "*.pdf",
    "*.docx",
)


def borrowed_venv(root: Path) -> None:
    """root/.venv: the test run's packages, its own marker files, and no pip."""
    venv = root / ".venv"
    (venv / "bin").mkdir(parents=True)
    shutil.copy2(VENV / "pyvenv.cfg", venv)
    for lib in ("lib", "lib64"):
        if (VENV / lib).exists():
            (venv / lib).symlink_to((VENV / lib).resolve(), target_is_directory=True)
    for tool in (VENV / "bin").iterdir():
        if not tool.name.startswith("pip"):
            (venv / "bin" / tool.name).symlink_to(tool)
    # make sees the packages installed after the copy's pyproject.toml: it never reinstalls.
    for marker in (".installed-run", ".installed-test"):
        (venv / marker).touch()


def clean_env(path: str, **extra: str) -> dict[str, str]:
    env = {
        "PATH": f"{path}:/usr/local/bin:/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "TMPDIR": tempfile.gettempdir(),
    }
    env.update(extra)
    return env


@contextlib.contextmanager
def port_lock():
    """The port for this test run alone; yields why not, if another program holds it."""
    lock = Path(tempfile.gettempdir()) / f"vereinsforum-readme-port-{PORT}.lock"
    with lock.open("w") as handle:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"another test run held {lock} for {TIMEOUT} s")
                time.sleep(1)
        try:
            busy = None
            for _ in range(30):
                if not port_open():
                    break
                time.sleep(1)
            else:
                busy = f"127.0.0.1:{PORT} is taken by another program (a running `make run`?)"
            yield busy
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def port_open() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def serve(sandbox: Sandbox, command: str, probe: Callable[[], None]) -> str:
    """Start command as written, wait until it answers, probe, stop it; its output."""
    log = sandbox.root.parent / f"serve-{len(sandbox.done)}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=sandbox.root,
            env=sandbox.env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + TIMEOUT
            while not port_open():
                if process.poll() is not None:
                    pytest.fail(f"{command!r} ended ({process.returncode}):\n{log.read_text()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"{command!r} did not answer:\n{log.read_text()}")
                time.sleep(0.5)
            probe()
        finally:
            stop(process)
    assert not port_open(), f"{command!r} still serves after it was stopped"
    return log.read_text()


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as a developer stops it; the whole process group (runserver's reloader)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the checkout after `make run`, run as written: .env, migrated demo database."""
    base = tmp_path_factory.mktemp("checkout")
    root = base / "vereinsforum"
    shutil.copytree(ROOT, root, ignore=IGNORED, symlinks=True)
    borrowed_venv(root)
    env = clean_env(str(root / ".venv" / "bin"), PYTHONPATH=str(root))
    sandbox = Sandbox(
        CHECKOUT, root, env, root / "var" / "vereinsforum.sqlite3", demo=base / "demo"
    )
    up_to_date = sandbox.sh("make -q .venv/.installed-run")
    assert up_to_date.returncode == 0, "make would reinstall into the borrowed virtualenv"
    with port_lock() as busy:
        if busy:
            # The rest still needs what make run prepares: its recipe without the server.
            sandbox.outcome["make run"] = busy
            for line in ("make .env", ".venv/bin/vereinsforum migrate --noinput"):
                assert sandbox.sh(line).returncode == 0, line
            assert sandbox.sh(".venv/bin/vereinsforum load_demo").returncode == 0
        else:
            sandbox.outcome["make run"] = serve(sandbox, "make run", lambda: local_probe(sandbox))
    shutil.copytree(root / "var", sandbox.demo, ignore=shutil.ignore_patterns("cache"))
    return sandbox


@pytest.fixture(scope="module")
def server(checkout, tmp_path_factory):
    """The package as `pip install .` installs it, with the README's production variables."""
    base = tmp_path_factory.mktemp("server")
    source = base / "src"
    shutil.copytree(checkout.root, source, ignore=IGNORED, symlinks=True)
    site = base / "site-packages"
    cwd = base / "srv"
    cwd.mkdir()
    # A stray local .env where the server starts: an installed package must not read it.
    (cwd / ".env").write_text("DEBUG=1\n")
    database = base / "vereinsforum.sqlite3"
    install_env = clean_env(
        f"{VENV / 'bin'}",
        PIP_TARGET=str(site),
        PIP_NO_DEPS="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        **{k: v for k, v in os.environ.items() if k in {"PIP_FIND_LINKS", "PIP_CERT"}},
    )
    sandbox = Sandbox(SERVER, cwd, install_env, database, demo=checkout.demo)
    installed = sandbox.sh(COMMANDS["pip install ."], cwd=source)
    sandbox.outcome["pip install ."] = installed
    assert installed.returncode == 0, installed.stdout + installed.stderr

    exports = EXPECTED[EXPORT_KEY]
    assert isinstance(exports, Exports)
    stand_ins = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(base / "static"),
    }
    assert set(exports.stand_ins) == set(stand_ins), "a stand-in without a value here"
    variables = {**exports.assignments(COMMANDS[EXPORT_KEY]), **stand_ins}
    sandbox.env = clean_env(f"{site / 'bin'}:{VENV / 'bin'}", PYTHONPATH=str(site), **variables)
    sandbox.outcome["variables"] = variables
    return sandbox


DEMO_TOTP_KEY = "VEREINSFORUMDEMOKOORDINATIONZWEI"  # printed by load_demo, in the README


def totp_code(base32_key: str, *, drift: int = 0) -> str:
    """The code an authenticator app shows now (drift=-1: the previous 30 seconds)."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    totp = TOTP(b32decode(base32_key), drift=drift)
    return f"{totp.token():06d}"


def log_in(username: str, *, code: str = ""):
    """A browser's login on the local server: (the page it lands on, its cookies)."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(response, fields):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields})
        return browser.open(response.url, data=data.encode(), timeout=60)

    login = browser.open(f"{BASE_URL}/konto/login/", timeout=60)
    landed = post(login, {"username": username, "password": "vereinsforum-demo"})
    if code:
        assert "/konto/zwei-faktor/" in landed.url, landed.url
        landed = post(landed, {"code": code})
    return landed, jar


def local_probe(sandbox: Sandbox) -> None:
    """make run serves the demo over plain http, and the demo logins work, TOTP included."""
    start = urllib.request.urlopen(f"{BASE_URL}/", timeout=60)  # noqa: S310
    assert start.status == 200 and start.url == f"{BASE_URL}/", "no redirect to https locally"
    page, jar = log_in("verein")
    assert page.url == f"{BASE_URL}/dashboard/"
    html = page.read().decode()
    assert 'action="/konto/logout/"' in html and "Vereinsvertretung" in html
    # Secure cookies over plain http would never come back: the login above would fail.
    assert jar and not [cookie.name for cookie in jar if cookie.secure]
    page, _ = log_in("koordination", code=totp_code(DEMO_TOTP_KEY))
    assert page.url == f"{BASE_URL}/dashboard/", "the demo coordinator's second factor"
    assert "Koordination" in page.read().decode()
    sandbox.outcome["local probe"] = "logged in as verein and koordination"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(path: str, **headers: str):
    request = urllib.request.Request(f"{BASE_URL}{path}", headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as answer:
        return answer.code, dict(answer.headers), answer.read().decode(errors="replace")
    return response.status, dict(response.headers), response.read().decode(errors="replace")


def production_probe(sandbox: Sandbox) -> None:
    """gunicorn behind the README's proxy: https enforced, DEBUG off, static files hashed."""
    host = {"Host": "vereinsforum.example.org"}
    proxied = {**host, "X-Forwarded-Proto": "https"}
    status, headers, _ = fetch("/", **host)
    assert status == 301 and headers["Location"] == "https://vereinsforum.example.org/"
    status, headers, page = fetch("/", **proxied)
    assert status == 200, page
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "Vereinsforum" in page
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "static files without the manifest's hashed names"
    assert fetch(stylesheet.group(1), **proxied)[0] == 200
    status, _, page = fetch("/keine-seite/", **proxied)
    assert status == 404 and "DEBUG = True" not in page, "DEBUG on: the stray .env was read"
    assert fetch("/", Host="evil.example", **{"X-Forwarded-Proto": "https"})[0] == 400


# ---- the expected outcomes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Runs:
    """Runs as written; exits 0; stdout and stderr match `output` (a regex)."""

    where: str = CHECKOUT
    output: str = ""
    creates: str = ""  # a file the command writes, relative to its working directory
    verify: Callable[[Sandbox, subprocess.CompletedProcess], None] | None = None
    database: str = "demo"  # "demo", "empty" (no file) or "" (left as it is)
    stdin: str | None = None
    then: str = ""  # shell lines run after it in the same shell; their output is checked too
    needs: tuple[str, ...] = ()  # README commands run first (once per sandbox)
    tool: str = ""  # a program the project does not install: skipped without it
    instance: str = ""  # for a template (<login>, [--reset]): the command that is run


@dataclass(frozen=True)
class Serves:
    """Started as written, probed over HTTP, stopped."""

    where: str
    probe: Callable[[Sandbox], None]
    database: str = "demo"
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recipe:
    """Checked with `make -n` (printed, not run) because running it would not end well: why."""

    lines: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Prepared:
    """Run as written by a fixture the other commands need (make run, pip install .)."""

    verify: Callable[[Sandbox], None]


@dataclass(frozen=True)
class Exports:
    """Runs as written; sets each variable it names. The SERVER sandbox uses them, with
    stand-ins for the placeholders and for what cannot exist here (the reasons)."""

    stand_ins: dict[str, str]

    def assignments(self, command: str) -> dict[str, str]:
        words = shlex.split(re.sub(r"\\\n", " ", command), comments=True)
        assert words[0] == "export"
        return dict(word.split("=", 1) for word in words[1:])


@dataclass(frozen=True)
class Checked:
    """Not run, for the reason given; verify checks what can be checked instead."""

    why: str
    verify: Callable[[], None]


def verify_make_run(sandbox: Sandbox) -> None:
    outcome = sandbox.outcome["make run"]
    if isinstance(outcome, str) and outcome.startswith("127.0.0.1"):
        pytest.skip(outcome)
    assert "Serving on http://127.0.0.1:8000/" in outcome
    assert "koordination" in outcome  # load_demo's list of logins
    assert sandbox.outcome["local probe"] == "logged in as verein and koordination"
    dotenv = sandbox.root / ".env"
    assert dotenv.stat().st_mode & 0o777 == 0o600
    lines = dotenv.read_text().splitlines()
    assert "DEBUG=1" in lines
    key = next(line.split("=", 1)[1] for line in lines if line.startswith("SECRET_KEY="))
    assert len(key) >= 50
    # Kept as it is: a second `make run` would not write a new key.
    again = sandbox.sh("make .env")
    assert again.returncode == 0 and "is up to date" in again.stdout
    assert dotenv.read_text().splitlines() == lines


def verify_installed(sandbox: Sandbox) -> None:
    installed = sandbox.outcome["pip install ."]
    assert "Successfully installed vereinsforum" in installed.stdout, installed.stdout
    where = sandbox.sh("python -c 'import vereinsforum.settings as s; print(s.BASE_DIR)'")
    assert where.returncode == 0, where.stderr
    base = Path(where.stdout.strip())
    assert base == Path(sandbox.env["PYTHONPATH"]), "not the installed copy"
    # What keeps an installed package from reading a .env: no checkout around it.
    assert not (base / "manage.py").exists() and not (base / "pyproject.toml").exists()
    assert (base / "vereinsforum" / "web" / "templates").is_dir()
    assert (base / "bin" / "vereinsforum").is_file()


def verify_exports(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    exported = dict(line.split("=", 1) for line in result.stdout.split("\0") if "=" in line)
    expected = EXPECTED[EXPORT_KEY].assignments(COMMANDS[EXPORT_KEY])
    assert {name: exported.get(name) for name in expected} == expected
    # The placeholder itself would not start a server.
    assert expected["SECRET_KEY"] == "…"


def verify_report(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    from pypdf import PdfReader

    name = re.search(r"-o (\S+)", result.args[2]).group(1)
    path = sandbox.root / name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"{name} ({path.stat().st_size} bytes, issued, sha256 {digest})" in result.stdout
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "VO/0985/07" in text and "Mehr PS" in text


def rows(sandbox: Sandbox, table: str) -> int:
    with contextlib.closing(sqlite3.connect(sandbox.database)) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


def verify_flushed(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    assert rows(sandbox, "accounts_user") == 0
    assert rows(sandbox, "audit_auditentry") == 0
    assert rows(sandbox, "django_migrations") > 0, "flush empties tables, keeps the schema"


def verify_demo(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    assert rows(sandbox, "accounts_user") >= 5
    assert rows(sandbox, "reports_report") >= 1


def verify_first_coordinator(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    with contextlib.closing(sqlite3.connect(sandbox.database)) as db:
        users = db.execute("SELECT username, role, is_active FROM accounts_user").fetchall()
    assert users == [("koordination", "coordinator", 1)]


def verify_synthetic(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    # The demo's 60 associations and its welfare services, city and offices, plus five.
    with contextlib.closing(sqlite3.connect(sandbox.database)) as db:
        associations = db.execute(
            "SELECT COUNT(*) FROM organisations_organisation WHERE kind = 'association'"
        ).fetchone()[0]
    assert associations == 60 + 5


def verify_migrated(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    assert rows(sandbox, "django_migrations") > 0
    assert rows(sandbox, "accounts_user") == 0


def verify_static(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    static = Path(sandbox.env["STATIC_ROOT"])
    assert (static / "staticfiles.json").is_file(), "no manifest: production pages fail"
    assert list(static.glob("**/*.css.gz")), "WhiteNoise serves compressed copies"


def verify_totp(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    key = re.search(r"-b (\S+)", result.args[2]).group(1)
    assert key == DEMO_TOTP_KEY
    # oathtool ran a moment ago: its code may belong to the previous 30 seconds.
    assert result.stdout.strip() in {totp_code(key), totp_code(key, drift=-1)}


def verify_catalogues(sandbox: Sandbox, result: subprocess.CompletedProcess) -> None:
    catalogues = list((sandbox.root / "vereinsforum").glob("*/locale/*/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 5 * 10
    for po in catalogues:
        assert po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime, po


def verify_ci_script() -> None:
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], timeout=60).returncode == 0
    text = script.read_text()
    assert "make test" in text and "DATABASE_URL=postgres://" in text


EXPORT_KEY = next((key for key in COMMANDS if key.startswith("export SECRET_KEY=")), "")
PRODUCTION_JOB = {"where": SERVER, "database": "demo"}

# One entry per README command (the key: the command without its comment). To add one:
# - Runs(...) for a command that ends: where (CHECKOUT: the copy after `make run`, with .env
#   and the demo; SERVER: the installed package with the production variables), the output it
#   must print (a regex), a file it creates, a verify(sandbox, result) function, the database
#   it starts from ("demo", "empty", ""), its stdin, and README commands it needs first.
# - Serves(...) for a server: a probe(sandbox) function that makes HTTP requests to it.
# - Recipe(...) for a make target that would recurse or run for minutes: the lines `make -n`
#   must print, and why it is not run.
# - A template (`<login>`, `[--reset]`): Runs(instance="the concrete command", ...).
EXPECTED: dict[str, Runs | Serves | Recipe | Prepared | Exports | Checked] = {
    # Quick start
    "make run": Prepared(verify_make_run),
    "make test": Recipe(
        (".venv/bin/pytest",),
        why="runs the whole suite, this test included: it would recurse",
    ),
    ". .venv/bin/activate": Runs(
        then="command -v vereinsforum",
        output=r"\.venv/bin/vereinsforum\n",
        database="",
    ),
    "vereinsforum load_demo --reset": Runs(output=r"koordination", verify=verify_demo),
    "vereinsforum render_report VO/0985/07 --format pdf -o r.pdf": Runs(
        creates="r.pdf", verify=verify_report
    ),
    ".venv/bin/vereinsforum …": Runs(
        instance=".venv/bin/vereinsforum check",
        output=r"System check identified no issues",
        database="",
    ),
    "oathtool --totp -b VEREINSFORUMDEMOKOORDINATIONZWEI": Runs(
        output=r"^\d{6}\n$", tool="oathtool", verify=verify_totp, database=""
    ),
    # Tests
    ".ci/run": Checked(
        why="installs system packages and runs the whole suite twice (this test included)",
        verify=verify_ci_script,
    ),
    "make lint": Runs(output=r"All checks passed!(.|\n)*files? already formatted", database=""),
    "make bench": Recipe(
        ("BENCH_SIZE=full .venv/bin/pytest --bench -m bench -s",),
        why="the benchmarks take minutes and measure the machine",
    ),
    "make bench BENCH_SIZE=small": Recipe(
        ("BENCH_SIZE=small .venv/bin/pytest --bench -m bench -s",),
        why="builds its own databases and loads gunicorn for minutes; .ci/run runs it",
    ),
    "make lock": Recipe(
        (
            ".venv/bin/pip install --quiet uv",
            ".venv/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes"
            " --upgrade --quiet -o requirements/run.txt",
            ".venv/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes"
            " --upgrade --quiet --extra test -o requirements/test.txt",
        ),
        why="resolves the ranges again against PyPI and rewrites the lock files",
    ),
    "make messages": Runs(verify=verify_catalogues, database=""),
    "make test-postgres": Recipe(
        (
            "DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vereinsforum}"
            " .venv/bin/pytest",
        ),
        why="runs the whole suite, this test included: it would recurse",
    ),
    # Configuration
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'": Runs(
        output=r"^[A-Za-z0-9_-]{60,}\n$", database=""
    ),
    # Architecture
    "vereinsforum generate_synthetic --associations <n>": Runs(
        instance="vereinsforum generate_synthetic --associations 5",
        output=r"Rows written per model",
        verify=verify_synthetic,
    ),
    "vereinsforum load_demo [--reset]": Runs(
        instance="vereinsforum load_demo", output=r"koordination", verify=verify_demo
    ),
    "vereinsforum render_report VO/0985/07 --format pdf -o f.pdf": Runs(
        creates="f.pdf", verify=verify_report
    ),
    # First start for your own city
    "vereinsforum setup": Runs(
        where=SERVER,
        needs=("vereinsforum migrate",),
        database="",
        stdin="koordination\nkoordination@example.org\nKim\nKaya\n{password}\n{password}\n",
        output=r"Coordinator “koordination” created",
        verify=verify_first_coordinator,
    ),
    # Production
    "pip install .": Prepared(verify_installed),
    EXPORT_KEY: Exports(
        stand_ins={
            "SECRET_KEY": "`…` is a placeholder (and refused: too weak)",
            "DATABASE_URL": "there is no host `db` here: a temporary SQLite file",
            "STATIC_ROOT": "/srv is not ours to write: a temporary directory",
        }
    ),
    "vereinsforum migrate": Runs(
        where=SERVER, database="empty", output=r"Applying \w+\.0001", verify=verify_migrated
    ),
    "vereinsforum collectstatic --noinput": Runs(
        where=SERVER, database="", output=r"\d+ static files? copied", verify=verify_static
    ),
    "gunicorn vereinsforum.wsgi --workers 3 --bind 127.0.0.1:8000": Serves(
        where=SERVER, probe=production_probe, needs=("vereinsforum collectstatic --noinput",)
    ),
    "vereinsforum events_expire_offers": Runs(output=r"swept", **PRODUCTION_JOB),
    "vereinsforum events_send_outbox": Runs(output=r"\d+ sent, \d+ failed", **PRODUCTION_JOB),
    "vereinsforum events_send_reminders --days 3": Runs(
        output=r"\d+ reminders? queued", **PRODUCTION_JOB
    ),
    "vereinsforum events_purge_outbox": Runs(output=r"\d+ messages?", **PRODUCTION_JOB),
    "vereinsforum privacy_purge --dry-run": Runs(
        output=r"Dry run: nothing was removed", **PRODUCTION_JOB
    ),
    "vereinsforum privacy_purge": Runs(output=r"\d+ removed in all", **PRODUCTION_JOB),
    "vereinsforum flush": Runs(stdin="yes\n", verify=verify_flushed),
    "vereinsforum check --deploy": Runs(
        where=SERVER, database="", output=r"System check identified no issues"
    ),
    "vereinsforum axes_reset_username <login>": Runs(
        instance="vereinsforum axes_reset_username koordination",
        output=r"No attempts found|Reset \d+",
        **PRODUCTION_JOB,
    ),
}


# ---- the tests ----------------------------------------------------------------------------------


def test_the_readme_has_commands_and_the_export_line():
    assert len(COMMANDS) >= 10
    assert EXPORT_KEY, "the production `export SECRET_KEY=…` line is gone: update EXPECTED"


def test_every_entry_is_still_in_the_readme():
    stale = [key for key in EXPECTED if key not in COMMANDS]
    assert not stale, f"EXPECTED has commands the README no longer shows: {stale}"


def test_the_extraction_finds_blocks_continuations_and_prose():
    text = (
        "Run `make run` or `vereinsforum` or `vereinsforum/settings.py` or `DEBUG=1`.\n"
        "```sh\nexport A=1 \\\n       B=2   # two\n# only a comment\nmake test   # all\n```\n"
        "```nginx\nproxy_set_header Host $host;\n```\n"
    )
    text += "Then `python3 -c 'print(\"#1\")'  # one`.\n"
    assert readme_commands(text) == {
        "export A=1 B=2": "export A=1 \\\n       B=2   # two",
        "make test": "make test   # all",
        "make run": "make run",
        "python3 -c 'print(\"#1\")'": "python3 -c 'print(\"#1\")'  # one",
    }
    assert fits("vereinsforum load_demo [--reset]", "vereinsforum load_demo")
    assert fits("vereinsforum axes_reset_username <login>", "vereinsforum axes_reset_username x")
    assert not fits("vereinsforum axes_reset_username <login>", "vereinsforum flush")


@pytest.mark.parametrize("key", list(COMMANDS))
def test_readme_command(key, request):
    entry = EXPECTED.get(key)
    assert entry is not None, (
        f"The README shows `{COMMANDS[key]}` but tests/test_readme_commands.py has no "
        "expected outcome for it: add an entry to EXPECTED (see the comment above it)."
    )
    command = COMMANDS[key]
    if isinstance(entry, Checked):
        entry.verify()
    elif isinstance(entry, Recipe):
        sandbox = request.getfixturevalue("checkout")
        words = shlex.split(key)
        assert words[0] == "make", "Recipe is for make targets"
        result = sandbox.sh(shlex.join(["make", "-n", *words[1:]]))
        assert result.returncode == 0, result.stderr
        assert tuple(result.stdout.strip().splitlines()) == entry.lines
    elif isinstance(entry, Prepared):
        fixture = "checkout" if key.startswith("make") else "server"
        entry.verify(request.getfixturevalue(fixture))
    elif isinstance(entry, Exports):
        sandbox = request.getfixturevalue("server")
        result = sandbox.sh(f"{command}\nenv -0")
        assert result.returncode == 0, result.stderr
        verify_exports(sandbox, result)
    else:
        sandbox = request.getfixturevalue("server" if entry.where == SERVER else "checkout")
        run_entry(sandbox, key, entry)


def run_entry(sandbox: Sandbox, key: str, entry: Runs | Serves) -> None:
    for needed in entry.needs:
        # Once is enough for what leaves the database alone (collectstatic); one that starts
        # from a database of its own runs again: the database has been restored since.
        if needed not in sandbox.done or EXPECTED[needed].database:
            run_entry(sandbox, needed, EXPECTED[needed])
    command = COMMANDS[key]
    if isinstance(entry, Serves):
        sandbox.restore(entry.database)
        with port_lock() as busy:
            if busy:
                pytest.skip(busy)
            serve(sandbox, command, lambda: entry.probe(sandbox))
        sandbox.done.add(key)
        return
    if entry.tool and not shutil.which(entry.tool):
        pytest.skip(f"{entry.tool} is not installed (apt-get install {entry.tool})")
    if entry.instance:
        assert fits(key, entry.instance), f"{entry.instance!r} does not fill in {key!r}"
        command = entry.instance
    if entry.database:
        sandbox.restore(entry.database)
    if entry.creates:
        (sandbox.root / entry.creates).unlink(missing_ok=True)
    # Answers to prompts may ask for a password: one that passes the validators.
    stdin = entry.stdin.format(password=secrets.token_urlsafe(16)) if entry.stdin else None
    result = sandbox.sh(f"{command}\n{entry.then}" if entry.then else command, stdin=stdin)
    result.args[2] = command
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(entry.output, output), f"{entry.output!r} not in:\n{output}"
    if entry.creates:
        assert (sandbox.root / entry.creates).is_file(), f"{entry.creates} not written"
    if entry.verify:
        entry.verify(sandbox, result)
    sandbox.done.add(key)
