"""Deploy files checked without a Docker engine: paths exist, settings match, configs parse.

Real tools run where they exist (systemd-analyze, nginx -t); the structural checks run always,
so a missing tool shows up as a skip next to a passing structural test, never as a pass.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from bot.config import SETTINGS_HELP, Settings, read_dotenv

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTING_RE = re.compile(r"^(?:TELEGRAM|ADVISOR)_[A-Z0-9_]+$")


# -- Dockerfile ---------------------------------------------------------------------------------


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, op: str) -> list[str]:
        return [args for o, args in self.instructions if o == op]


def parse_dockerfile(text: str) -> list[Stage]:
    """Instructions per stage; comments dropped, backslash continuations joined."""
    logical: list[str] = []
    current = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    assert not current, "dangling line continuation"
    stages: list[Stage] = []
    for line in logical:
        op, _, args = line.strip().partition(" ")
        op = op.upper()
        args = " ".join(args.split())
        if op == "FROM":
            m = re.fullmatch(r"(\S+)(?: AS (\S+))?", args, re.I)
            assert m, line
            stages.append(Stage(m[1], m[2]))
        else:
            assert stages, f"{op} before FROM"
            stages[-1].instructions.append((op, args))
    return stages


def _copy_parts(args: str) -> tuple[dict[str, str], list[str], str]:
    flags: dict[str, str] = {}
    words = args.split()
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    if words and words[0].startswith("["):
        words = json.loads(" ".join(words))
    return flags, words[:-1], words[-1]


def _env(stage: Stage) -> dict[str, str]:
    env: dict[str, str] = {}
    for args in stage.all("ENV"):
        for key, value in re.findall(r'(\w+)=("[^"]*"|\S+)', args):
            env[key] = value.strip('"')
    return env


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile((DEPLOY / "Dockerfile").read_text(encoding="utf-8"))


def test_dockerfile_is_multi_stage_with_a_slim_final_image(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    assert stages[0].name == "builder"
    assert stages[-1].base == "python:3.11-slim"
    assert stages[-1].name is None or stages[-1].name != "builder"
    # The builder makes a wheel; the final stage only copies the finished venv.
    assert any("pip wheel" in a for a in stages[0].all("RUN"))
    final_copies = [_copy_parts(a) for a in stages[-1].all("COPY")]
    assert any(f.get("from") == "builder" for f, _, _ in final_copies)
    assert not any("pip install" in a for a in stages[-1].all("RUN"))


def test_dockerfile_copy_sources_exist_and_survive_the_ignore_file(stages: list[Stage]) -> None:
    names = [s.name for s in stages if s.name]
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    allowed = [p[1:].rstrip("/") for p in ignore if p.startswith("!")]
    assert "*" in ignore, "the ignore file lets in only what is named"
    checked = 0
    for stage in stages:
        for args in stage.all("COPY"):
            flags, sources, _dest = _copy_parts(args)
            if "from" in flags:
                assert flags["from"] in names[: names.index(stage.name)] if stage.name else names
                continue
            for src in sources:
                path = ROOT / src
                assert path.exists(), f"COPY source {src} is not in the repository"
                clean = src.rstrip("/")
                assert any(clean == a or clean.startswith(a + "/") for a in allowed), (
                    f"{src} is excluded from the build context by Dockerfile.dockerignore"
                )
                checked += 1
    assert checked >= 5


def test_final_stage_runs_as_non_root_with_a_healthcheck(stages: list[Stage]) -> None:
    final = stages[-1]
    ops = [op for op, _ in final.instructions]
    users = final.all("USER")
    assert users, "the final stage must switch user"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert ops.index("USER") < ops.index("ENTRYPOINT")
    # The user must exist: created by name, or numeric ids matching the RUN that made it.
    run = " ".join(final.all("RUN"))
    assert f"--uid {user}" in run or f"useradd --system {user}" in run or user in run
    (health,) = final.all("HEALTHCHECK")
    assert "--interval=" in health and "--timeout=" in health
    cmd = json.loads(health.split("CMD", 1)[1].strip())
    script = cmd[-1]
    copied = {
        dest: srcs for f, srcs, dest in map(_copy_parts, final.all("COPY")) if "from" not in f
    }
    assert script in copied and copied[script] == ["deploy/healthcheck.py"]
    assert json.loads(final.all("ENTRYPOINT")[0]) == ["advisor"]
    assert json.loads(final.all("CMD")[0]) == ["run"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert "advisor" in scripts


def test_final_stage_settings_point_at_the_copied_data(stages: list[Stage]) -> None:
    final = stages[-1]
    env = _env(final)
    for key in env:
        if SETTING_RE.match(key):
            assert key in SETTINGS_HELP, f"Dockerfile sets unknown setting {key}"
    # The data travels inside the wheel (tests/ops/test_wheel.py): no copy of it, no override.
    assert "ADVISOR_DIALOGUES" not in env and "ADVISOR_KNOWLEDGE" not in env
    builder_sources = [src for args in stages[0].all("COPY") for src in _copy_parts(args)[1]]
    assert "dialogues/" in builder_sources and "knowledge/" in builder_sources
    settings = Settings.load(
        env={k: v for k, v in env.items() if k in SETTINGS_HELP}, dotenv=Path("/nonexistent")
    )
    assert settings.webhook_listen == ("0.0.0.0", 8080)
    # The default SQLite file lives in a declared volume that the app user owns.
    db = PurePosixPath(settings.store_url.removeprefix("sqlite:///"))
    volumes = [v for a in final.all("VOLUME") for v in json.loads(a)]
    assert str(db.parent) in volumes
    assert f"chown advisor:advisor {db.parent}" in " ".join(final.all("RUN"))
    assert [a for a in final.all("EXPOSE")] == [str(settings.webhook_listen[1])]


# -- compose and nginx --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, object]:
    data = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}."""

    def sub(m: re.Match[str]) -> str:
        name, op, arg = m[1], m[2], m[3] or ""
        current = env.get(name, "")
        if op == ":?" and not current:
            raise KeyError(f"{name}: {arg}")
        if op == ":-" and not current:
            return arg
        return current

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", sub, value)


def test_compose_services_volumes_and_networks(compose: dict[str, object]) -> None:
    services = compose["services"]
    assert isinstance(services, dict)
    assert set(services) == {"advisor", "redis", "proxy"}
    declared_volumes = set(compose.get("volumes") or {})  # type: ignore[arg-type]
    declared_networks = set(compose.get("networks") or {})  # type: ignore[arg-type]
    used_volumes: set[str] = set()
    for name, svc in services.items():
        for dep in svc.get("depends_on", {}):
            assert dep in services, f"{name} depends on unknown service {dep}"
        for net in svc.get("networks", []):
            assert net in declared_networks, f"{name} uses undeclared network {net}"
        for mount in svc.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith((".", "/")):
                assert (DEPLOY / source).exists(), f"{name} mounts missing file {source}"
            else:
                used_volumes.add(source)
        if "build" in svc:
            context = DEPLOY / svc["build"]["context"]
            assert context.resolve() == ROOT
            assert (context / svc["build"]["dockerfile"]).is_file()
    assert used_volumes == declared_volumes


def test_compose_runs_two_webhook_replicas_on_redis(compose: dict[str, object]) -> None:
    services = compose["services"]
    assert isinstance(services, dict)
    bot = services["advisor"]
    assert bot["deploy"]["replicas"] == 2
    assert "ports" not in bot, "replicas cannot share a host port; nginx is the way in"
    env = bot["environment"]
    assert set(env) <= set(SETTINGS_HELP)
    redis_cmd = services["redis"]["command"]
    assert redis_cmd[redis_cmd.index("--appendonly") + 1] == "yes"
    assert any(m.endswith(":/data") for m in services["redis"]["volumes"])
    # Required values fail loudly when missing...
    with pytest.raises(KeyError, match="ADVISOR_WEBHOOK_SECRET"):
        {
            k: _interpolate(
                str(v), {"TELEGRAM_BOT_TOKEN": "1:x", "ADVISOR_WEBHOOK_URL": "https://x/y"}
            )
            for k, v in env.items()
        }
    # ...and with them, the settings load, in webhook mode, on the redis service.
    given = {
        "TELEGRAM_BOT_TOKEN": "1:x",
        "ADVISOR_WEBHOOK_URL": "https://bot.example.com/t",
        "ADVISOR_WEBHOOK_SECRET": "s3cret",
    }
    given.update({k: v for k, v in read_dotenv(DEPLOY / ".env.example").items() if v})
    values = {k: _interpolate(str(v), given) for k, v in env.items()}
    settings = Settings.load(env=values, dotenv=Path("/nonexistent"))
    assert settings.webhook_url == "https://bot.example.com/t"
    assert settings.webhook_secret == "s3cret"
    host = settings.store_url.removeprefix("redis://").split(":")[0].split("/")[0]
    assert settings.store_url.startswith("redis://") and host in services
    port = settings.webhook_listen[1]
    assert [str(p) for p in bot["expose"]] == [str(port)]
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert f"http://advisor:{port}" in nginx


def _nginx_blocks_balance(text: str) -> None:
    depth = 0
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        depth += code.count("{") - code.count("}")
        assert depth >= 0, f"unbalanced '}}' at: {line}"
        stripped = code.strip()
        if stripped and not stripped.endswith(("{", "}", ";")):
            # A directive continued on the next line (log_format) must end there with ';'.
            assert stripped.startswith(("log_format", "'")), f"missing ';': {line}"
    assert depth == 0


def test_nginx_conf_structure() -> None:
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    _nginx_blocks_balance(text)
    assert re.search(r"listen 443 ssl;", text)
    for directive in ("ssl_certificate", "ssl_certificate_key"):
        path = re.search(rf"^\s*{directive} (\S+);", text, re.M)
        assert path and path[1].startswith("/etc/nginx/tls/")
    assert re.search(r"location = /metrics \{\s*return 404;", text)
    assert "limit_except POST" in text
    assert "$request_uri" not in text and "$request " not in text, "no URIs in the access log"


@pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None,
    reason="nginx or openssl not installed; test_nginx_conf_structure ran",
)
def test_nginx_conf_passes_nginx_t(tmp_path: Path) -> None:
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(tls / "privkey.pem"),
            "-out",
            str(tls / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        (DEPLOY / "nginx.conf").read_text(encoding="utf-8").replace("/etc/nginx/tls/", f"{tls}/"),
        encoding="utf-8",
    )
    run = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", f"{tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "test is successful" in run.stderr


# -- systemd ------------------------------------------------------------------------------------

UNIT = DEPLOY / "advisor.service"
INSTALL_DIR = "/opt/advisor"
# The keys this unit may use, per section: a typo or a key in the wrong section fails here
# even where systemd-analyze is not installed.
UNIT_KEYS = {
    "Unit": {
        "Description",
        "Documentation",
        "Wants",
        "After",
        "Requires",
        "Before",
        "StartLimitIntervalSec",
        "StartLimitBurst",
    },
    "Service": {
        "Type",
        "User",
        "Group",
        "WorkingDirectory",
        "Environment",
        "EnvironmentFile",
        "ExecStartPre",
        "ExecStart",
        "Restart",
        "RestartSec",
        "KillSignal",
        "KillMode",
        "TimeoutStopSec",
        "StateDirectory",
        "StateDirectoryMode",
        "ReadWritePaths",
        "NoNewPrivileges",
        "ProtectSystem",
        "ProtectHome",
        "PrivateTmp",
        "PrivateDevices",
        "ProtectKernelTunables",
        "ProtectKernelModules",
        "ProtectKernelLogs",
        "ProtectControlGroups",
        "ProtectClock",
        "ProtectHostname",
        "ProtectProc",
        "ProcSubset",
        "RestrictAddressFamilies",
        "RestrictNamespaces",
        "RestrictRealtime",
        "RestrictSUIDSGID",
        "LockPersonality",
        "MemoryDenyWriteExecute",
        "RemoveIPC",
        "CapabilityBoundingSet",
        "AmbientCapabilities",
        "SystemCallArchitectures",
        "SystemCallFilter",
        "UMask",
    },
    "Install": {"WantedBy"},
}


def parse_unit(text: str) -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if m := re.fullmatch(r"\[(\w+)\]", line):
            current = m[1]
            assert current not in sections, f"line {number}: section [{current}] twice"
            sections[current] = []
            continue
        assert current, f"line {number}: key outside a section"
        key, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"[A-Za-z]+", key), f"line {number}: not KEY=value"
        sections[current].append((key, value))
    return sections


def test_unit_structure() -> None:
    sections = parse_unit(UNIT.read_text(encoding="utf-8"))
    assert set(sections) == set(UNIT_KEYS)
    for name, pairs in sections.items():
        for key, _ in pairs:
            assert key in UNIT_KEYS[name], f"[{name}] has unexpected key {key}"
    svc = dict(sections["Service"])  # last value wins, as in systemd
    assert svc["User"] not in {"root", "0", ""}
    assert svc["Restart"] == "on-failure"
    assert svc["KillSignal"] == "SIGTERM"
    assert int(svc["TimeoutStopSec"]) > 0
    assert svc["ProtectSystem"] == "strict"
    assert svc["EnvironmentFile"].startswith("/etc/")
    assert svc["ExecStart"] == f"{INSTALL_DIR}/.venv/bin/advisor run"
    env = dict(v.split("=", 1) for k, v in sections["Service"] if k == "Environment")
    settings_env = {k: v for k, v in env.items() if SETTING_RE.match(k)}
    assert set(settings_env) <= set(SETTINGS_HELP)
    settings = Settings.load(env=settings_env, dotenv=Path("/nonexistent"))
    assert settings.store_url.startswith("sqlite:///")
    assert settings.webhook_url is None, "the unit is the long-polling deployment"
    db_dir = str(PurePosixPath(settings.store_url.removeprefix("sqlite:///")).parent)
    assert db_dir in svc["ReadWritePaths"].split()
    assert svc["StateDirectory"] == PurePosixPath(db_dir).name
    assert settings.dialogues_dir == Path(INSTALL_DIR) / "dialogues"
    assert dict(sections["Install"])["WantedBy"] == "multi-user.target"


def _unit_for_this_machine(tmp_path: Path) -> Path:
    # verify checks that ExecStart's binary exists: point it at this checkout's venv.
    text = UNIT.read_text(encoding="utf-8").replace(f"{INSTALL_DIR}/.venv", str(ROOT / ".venv"))
    path = tmp_path / "advisor.service"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze not installed; test_unit_structure ran instead",
)
def test_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    run = subprocess.run(
        ["systemd-analyze", "verify", str(_unit_for_this_machine(tmp_path))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    # Unknown keys are only warnings to systemd; here they are failures.
    assert run.stdout.strip() == "" and run.stderr.strip() == "", run.stderr


def _offline_security_supported() -> bool:
    if shutil.which("systemd-analyze") is None:
        return False
    run = subprocess.run(
        ["systemd-analyze", "security", "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return "--offline" in run.stdout


@pytest.mark.skipif(
    not _offline_security_supported(), reason="systemd-analyze security --offline not available"
)
def test_unit_hardening_exposure_is_low(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            "systemd-analyze",
            "security",
            "--offline=yes",
            "--no-pager",
            str(_unit_for_this_machine(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    m = re.search(r"Overall exposure level for \S+: ([\d.]+)", run.stdout)
    assert m, run.stdout[-500:] + run.stderr
    assert float(m[1]) <= 2.0, f"exposure {m[1]}: a hardening line was lost"


# -- .env.example -------------------------------------------------------------------------------

EXAMPLE = DEPLOY / ".env.example"
ASSIGN_RE = re.compile(r"^#?([A-Z][A-Z0-9_]*)=(.*)$")


def _example_blocks() -> dict[str, tuple[list[str], str, bool]]:
    """key -> (comment lines just above it, value, active?)."""
    blocks: dict[str, tuple[list[str], str, bool]] = {}
    comments: list[str] = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if m := ASSIGN_RE.match(line):
            assert m[1] not in blocks, f"{m[1]} listed twice"
            blocks[m[1]] = (comments, m[2], not line.startswith("#"))
            comments = []
        elif line.startswith("#"):
            comments.append(line.lstrip("#").strip())
        else:
            comments = []
    return blocks


def test_env_example_lists_every_setting_with_its_help() -> None:
    blocks = _example_blocks()
    assert set(blocks) == set(SETTINGS_HELP), (
        f"missing: {set(SETTINGS_HELP) - set(blocks)}, unknown: {set(blocks) - set(SETTINGS_HELP)}"
    )
    for key, (comments, _, _) in blocks.items():
        assert comments and comments[0] == SETTINGS_HELP[key], f"{key}: help text differs"


def test_env_example_loads_and_holds_no_secret() -> None:
    values = read_dotenv(EXAMPLE)
    assert set(values) <= set(SETTINGS_HELP)
    settings = Settings.load(env={}, dotenv=EXAMPLE)
    assert settings.token is None and settings.log_format == "text"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{30,}", text), "a real-looking bot token"
    # Settings with a default elsewhere (unit, image) are commented out, not empty.
    for key in (
        "ADVISOR_STORE",
        "ADVISOR_DIALOGUES",
        "ADVISOR_KNOWLEDGE",
        "ADVISOR_WEBHOOK_LISTEN",
    ):
        assert not _example_blocks()[key][2], f"{key} would override the deployment default"
    # Uncommenting every optional line still gives valid settings.
    uncommented = {k: v for k, (_, v, _) in _example_blocks().items() if v}
    example = Settings.load(env=uncommented, dotenv=Path("/nonexistent"))
    # nginx passes the path through, so the example URL must use the bot's webhook path.
    from bot.frontends.telegram.webhook import WEBHOOK_PATH

    assert example.webhook_url is not None
    assert urlsplit(example.webhook_url).path == WEBHOOK_PATH
    assert urlsplit(example.webhook_url).scheme == "https"


# -- the health check script ---------------------------------------------------------------------


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        code = self.status if self.path == "/healthz" else 404
        self.send_response(code)
        self.end_headers()
        self.wfile.write(b"ok" if code == 200 else b"no")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[tuple[ThreadingHTTPServer, type[_Health]]]:
    handler = type("H", (_Health,), {"status": 200})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _healthcheck(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "TELEGRAM_"))}
    return subprocess.run(
        [sys.executable, str(DEPLOY / "healthcheck.py")],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=30,
        check=False,
    )


def test_healthcheck_follows_healthz(
    health_server: tuple[ThreadingHTTPServer, type[_Health]],
) -> None:
    server, handler = health_server
    port = server.server_address[1]
    webhook = {"ADVISOR_WEBHOOK_URL": "https://bot.example.com/t"}
    ok = _healthcheck({**webhook, "ADVISOR_WEBHOOK_LISTEN": f"0.0.0.0:{port}"})
    assert ok.returncode == 0, ok.stderr
    handler.status = 503
    bad = _healthcheck({**webhook, "ADVISOR_WEBHOOK_LISTEN": f"127.0.0.1:{port}"})
    assert bad.returncode == 1 and "503" in bad.stderr


def test_healthcheck_fails_when_nothing_listens_and_passes_in_polling_mode() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_port = s.getsockname()[1]
    down = _healthcheck(
        {"ADVISOR_WEBHOOK_URL": "https://x/t", "ADVISOR_WEBHOOK_LISTEN": f"127.0.0.1:{free_port}"}
    )
    assert down.returncode == 1 and "unhealthy" in down.stderr
    assert _healthcheck({}).returncode == 0


def test_healthcheck_url_for_listen_values() -> None:
    sys.path.insert(0, str(DEPLOY))
    try:
        from healthcheck import health_url
    finally:
        sys.path.remove(str(DEPLOY))
    assert health_url("0.0.0.0:8080") == "http://127.0.0.1:8080/healthz"
    assert health_url(":9000") == "http://127.0.0.1:9000/healthz"
    assert health_url("[::]:8080") == "http://127.0.0.1:8080/healthz"
    assert health_url("[::1]:8080") == "http://[::1]:8080/healthz"
    assert health_url("10.0.0.5:81") == "http://10.0.0.5:81/healthz"


# -- documentation ------------------------------------------------------------------------------


def test_deploy_doc_explains_every_deploy_file() -> None:
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for path in sorted(DEPLOY.iterdir()):
        if path.is_file():
            assert f"deploy/{path.name}" in doc, f"docs/deploy.md does not mention {path.name}"
