"""The real `advisor` command: classify, eval and kb, run as a subprocess."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ADVISOR, ROOT, run_advisor

from .conftest import EXTRA_CASES, FIXTURE_KB


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command (tests/helpers.run_advisor), fed `stdin`."""
    return run_advisor(*args, stdin=stdin, env=env or {}, cwd=cwd or ROOT)


def test_classify_readable() -> None:
    out = run("classify", "we", "run", "a", "law", "firm")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "client-based"
    assert "label: client" in out.stdout and "Law firm" in out.stdout


def test_classify_json() -> None:
    out = run("classify", "--json", "barbreshop")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["label"] == "customer" and data["industry"] == "Barber shop"
    assert set(data) == {"label", "confidence", "industry", "candidates", "explanation"}


def test_classify_jsonl_keeps_order_and_blank_lines() -> None:
    lines = ["law firm", "", "nail salon", "xyzzy", "accounting firm"]
    out = run("classify", "--jsonl", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["label"] for r in rows] == ["client", "unknown", "customer", "unknown", "client"]


def test_classify_jsonl_with_workers_matches_one_process_in_order() -> None:
    """Spread over worker processes, the output is the same lines in the same order."""
    import yaml

    cases = yaml.safe_load(EXTRA_CASES.read_text(encoding="utf-8"))["cases"]
    # more lines than one worker's chunk, with blanks, so order across workers is tested
    lines = [c["text"] if i % 17 else "" for i, c in enumerate(cases)]
    stdin = "\n".join(lines) + "\n"
    one = run("classify", "--jsonl", "--workers", "1", stdin=stdin)
    two = run("classify", "--jsonl", "--workers", "2", stdin=stdin)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert len(one.stdout.splitlines()) == len(lines)
    assert two.stdout == one.stdout


def test_classify_jsonl_into_a_closed_pipe_ends_quietly_with_workers() -> None:
    proc = subprocess.Popen(
        [*ADVISOR, "classify", "--jsonl", "--workers", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdin is not None
    proc.stdout.close()  # the reader is gone before anything is written
    _, err = proc.communicate(("law firm\n" * 3000).encode(), timeout=60)
    assert proc.returncode == 0
    assert b"Traceback" not in err


def test_classify_without_text_exits_2() -> None:
    out = run("classify")
    assert out.returncode == 2
    assert "no text" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("cases", ["repository", "shared"])
def test_eval_report(cases: str, request: pytest.FixtureRequest) -> None:
    """The repository's own cases always; the shared dev set only when it is there."""
    path = EXTRA_CASES if cases == "repository" else request.getfixturevalue("dev_cases")
    out = run("eval", str(path))
    assert out.returncode == 0, out.stderr
    assert "accuracy:" in out.stdout and "confusion" in out.stdout
    assert "client+customer" in out.stdout
    quiet = run("eval", "--quiet", str(path))
    assert "misses" not in quiet.stdout and "accuracy:" in quiet.stdout


def test_eval_help_names_the_repository_cases_not_a_folder_outside_it() -> None:
    out = run("eval", "--help")
    assert out.returncode == 0
    assert "shared" not in out.stdout
    assert str(EXTRA_CASES.relative_to(ROOT)) in " ".join(out.stdout.split())


def test_eval_broken_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "cases.yaml"
    bad.write_text("cases:\n  - id: x\n    text: hello\n    label: clien\n", encoding="utf-8")
    out = run("eval", str(bad))
    assert out.returncode == 1
    assert f"{bad}:4" in out.stderr and "Traceback" not in out.stderr
    bad.write_text("cases: [unclosed\n", encoding="utf-8")
    out = run("eval", str(bad))
    assert out.returncode == 1 and "YamlSyntaxError" in out.stderr
    assert run("eval", str(tmp_path / "missing.yaml")).returncode == 1


def test_kb_lint_stats_match() -> None:
    out = run("kb", "lint")
    assert out.returncode == 0, out.stdout + out.stderr
    stats = run("kb", "stats")
    assert stats.returncode == 0 and "industries:" in stats.stdout
    match = run("kb", "match", "chimney", "sweap")
    assert match.returncode == 0
    assert match.stdout.splitlines()[0] == "status: confident"
    assert "Chimney sweep" in match.stdout


def test_kb_match_says_which_candidates_no_alias_found() -> None:
    """A trade the words offer where no alias matched is shown as such, not as an alias."""
    match = run("kb", "match", "we clear dog mess from back gardens every week")
    assert match.returncode == 0, match.stdout + match.stderr
    first = match.stdout.splitlines()[1]
    assert "Pet waste removal" in first and "by the trade words (no alias)" in first
    assert "via 'Pet waste removal'" not in match.stdout


def test_kb_lint_reports_errors_with_exit_1(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    path = kb / "industries" / "retail.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "aliases: [bakers, bread shop]", "aliases: [bakers, bread shop, attorney]"
        ),
        encoding="utf-8",
    )
    out = run("kb", "lint", env={"ADVISOR_KNOWLEDGE": str(kb)})
    assert out.returncode == 1
    assert "KnowledgeError" in out.stdout and "retail.yaml:" in out.stdout
    # every other command refuses a broken knowledge base cleanly
    out = run("classify", "bakery", env={"ADVISOR_KNOWLEDGE": str(kb)})
    assert out.returncode == 1 and "Traceback" not in out.stderr


def test_kb_unmatched_reads_the_store(tmp_path: Path) -> None:
    from bot.storage import open_store
    from bot.storage.base import ConversationKey

    url = f"sqlite:///{tmp_path / 'store.db'}"

    async def fill() -> None:
        store = open_store(url)
        try:
            for text in ("underwater basket weaving", "dog groomr", "underwater basket weaving"):
                await store.record_unmatched(text, ConversationKey(7, 7))
        finally:
            await store.close()

    asyncio.run(fill())
    out = run("kb", "unmatched", "--store", url, "--limit", "5")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["2", "underwater", "basket", "weaving"]
    assert "nearest:" in lines[1]
    assert any("Pet grooming" in line for line in lines)


@pytest.mark.parametrize("sub", ["lint", "stats"])
def test_kb_commands_with_missing_knowledge(tmp_path: Path, sub: str) -> None:
    out = run("kb", sub, env={"ADVISOR_KNOWLEDGE": str(tmp_path / "none")})
    assert out.returncode == 1 and "Traceback" not in out.stderr


# --- advisor answer / eval --answers -------------------------------------------------------------

ANSWERS = Path(__file__).resolve().parent / "fixtures" / "answers.yaml"


def test_answer_readable_names_outcome_option_and_why() -> None:
    out = run("answer", "loyalty", "they wouldn't switch, too much hassle")
    assert out.returncode == 0, out.stderr
    assert "status:    read" in out.stdout
    assert "option:    loyal" in out.stdout and "side client" in out.stdout
    assert "why:" in out.stdout and "switch" in out.stdout


def test_answer_json_is_exactly_one_object() -> None:
    out = run("answer", "payment", "retainer for big clients, per project for small ones", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "dimension": "payment",
        "status": "read",
        "option": "mixed",
        "side": "mixed",
    }
    out = run("answer", "trust", "🙂", "--json")
    assert json.loads(out.stdout) == {
        "dimension": "trust",
        "status": "unread",
        "option": None,
        "side": None,
    }


def test_answer_json_confirm_gives_the_proposed_side() -> None:
    data = json.loads(run("answer", "loyalty", "probably yes", "--json").stdout)
    assert data == {
        "dimension": "loyalty",
        "status": "confirm",
        "option": "switch",
        "side": "customer",
    }


def test_answer_jsonl_one_line_out_per_line_in_order() -> None:
    lines = [
        json.dumps({"dimension": "engagement", "text": "7 years"}),
        "not json at all",
        json.dumps({"dimension": "no_such", "text": "years"}),
        "",
        json.dumps({"dimension": "communication", "text": "hardly ever"}),
        json.dumps(["a", "list"]),
        json.dumps({"dimension": "satisfaction"}),
    ]
    out = run("answer", "--jsonl", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["dimension"], r["status"], r["option"]) for r in rows] == [
        ("engagement", "read", "long_term"),
        (None, "unread", None),
        ("no_such", "unread", None),
        (None, "unread", None),
        ("communication", "read", "sporadic"),
        (None, "unread", None),
        ("satisfaction", "unread", None),
    ]
    assert all(set(r) == {"dimension", "status", "option", "side"} for r in rows)


def test_answer_usage_errors_exit_2_without_traceback() -> None:
    for args in (
        ("answer",),
        ("answer", "loyalty"),
        ("answer", "nonsense", "yes"),
        ("answer", "loyalty", "yes", "--jsonl"),
    ):
        out = run(*args)
        assert out.returncode == 2, args
        assert "Traceback" not in out.stderr and out.stderr.strip()
    assert "relationship" in run("answer", "nonsense", "yes").stderr


def test_eval_answers_reports_per_dimension_and_parts() -> None:
    out = run("eval", "--answers", str(ANSWERS))
    assert out.returncode == 0, out.stderr
    for dim in ("relationship", "payment", "specialization", "tuned part", "held part"):
        assert dim in out.stdout
    assert "read right" in out.stdout and "read wrong (" in out.stdout


def test_eval_answers_bad_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'answers:\n  loyalty:\n    - [client, "no"]\n    - [sideways, "x"]\n'
        '  colour:\n    - [client, "red"]\n',
        encoding="utf-8",
    )
    out = run("eval", "--answers", str(bad))
    assert out.returncode == 1
    assert f"{bad}:4" in out.stderr and f"{bad}:5" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"ADVISOR_KB_CACHE": "0"},
        {"ADVISOR_KB_CACHE": " "},
        {"ADVISOR_KB_CACHE": "1", "ADVISOR_KNOWLEDGE": " /srv/kb ", "ADVISOR_DIALOGUES": "/x"},
        {"ADVISOR_KNOWLEDGE": ""},
    ],
)
def test_one_shot_commands_read_their_settings_as_the_settings_model_does(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pydantic (a third of their start-up), but with the settings' own results."""
    from bot.cli.common import quick_settings
    from bot.config import Settings

    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("ADVISOR_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    full = Settings.load(env, tmp_path / ".env")
    assert quick_settings() == (full.knowledge_dir, full.kb_cache)


@pytest.mark.parametrize(
    ("env", "dotenv"),
    [
        ({"ADVISOR_KB_CACHE": "maybe"}, ""),
        ({"ADVISOR_LOG_FORMAT": "xml"}, ""),
        ({}, "ADVISOR_KB_CACHE=maybe\n"),
    ],
)
def test_anything_else_goes_through_the_settings_checks(
    env: dict[str, str], dotenv: str, tmp_path: Path
) -> None:
    if dotenv:
        (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    done = run("classify", "we run a law firm", env=env, cwd=tmp_path)
    assert done.returncode == 1
    assert "must be" in done.stderr and "Traceback" not in done.stderr


def test_classify_imports_no_settings_model_when_nothing_is_set(tmp_path: Path) -> None:
    """With the knowledge-base cache warm (a cold start validates the YAML with pydantic)."""
    code = (
        "import sys; from bot.cli import main; main(['classify', 'we run a law firm']); "
        "print('pydantic' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(ADVISOR_KB_CACHE="1", XDG_CACHE_HOME=str(tmp_path / "cache"))
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        for _ in range(2)
    ]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert runs[1].stdout.strip().splitlines()[-1] == "False"
