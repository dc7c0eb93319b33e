"""The real `advisor console` command: interactive start, piped answers, transcripts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import ADVISOR, ROOT
from tests.pdfread import pdf_text

TRANSCRIPTS = sorted((ROOT / "tests" / "transcripts").glob("*.yaml"))


def run(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ADVISOR, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


def test_there_are_at_least_five_golden_transcripts() -> None:
    assert len(TRANSCRIPTS) >= 5


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_golden_transcript_on_the_console(path: Path) -> None:
    result = run("console", "--transcript", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "turns matched" in result.stdout


def test_transcript_mismatch_exits_non_zero_with_a_diff(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('turns:\n  - send: /start\n    expect: ["Welcome to the moon"]\n')
    result = run("console", "--transcript", str(bad))
    assert result.returncode == 1
    assert "expected: Welcome to the moon" in result.stdout and "| " in result.stdout


def test_console_reaches_the_first_question_and_exits_on_eof() -> None:
    result = run("console")
    assert result.returncode == 0
    assert "What does your business do" in result.stdout


def test_piped_answers_reach_a_result(tmp_path: Path) -> None:
    answers = "\n".join(["we design houses and extensions", *["1"] * 9]) + "\n"
    result = run("console", "--chart-dir", str(tmp_path), stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "looks client-based" in result.stdout
    assert "Chart saved to" in result.stdout and list(tmp_path.glob("*.png"))


def test_the_plan_button_saves_a_pdf_and_prints_its_path(tmp_path: Path) -> None:
    answers = "\n".join(["we design houses and extensions", *["1"] * 9, "1"]) + "\n"
    result = run("console", "--chart-dir", str(tmp_path), stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "1. Get my plan (PDF)" in result.stdout
    saved = [line for line in result.stdout.splitlines() if line.startswith("Plan saved to ")]
    assert len(saved) == 1
    path = Path(saved[0].removeprefix("Plan saved to "))
    assert path.parent == tmp_path and path.suffix == ".pdf"
    text = pdf_text(path.read_bytes())
    assert "Your relationship plan" in text and "we design houses and extensions" in text


def test_piped_nonsense_and_control_characters_never_crash() -> None:
    hostile = (
        "\n".join(
            [
                "²",
                "\x00\x1b[31m",
                "‮evil",
                "a" * 10_000,
                "/unknowncommand",
                "99",
                "' OR 1=1; --",
                "<i>x</i>",
            ]
        )
        + "\n"
    )
    result = run("console", stdin=hostile)
    assert result.returncode == 0
    assert "Traceback" not in result.stdout + result.stderr


def test_console_misses_never_ask_for_a_button_press() -> None:
    result = run("console", stdin="law firm\npurple elephants\nasdfgh\nqwerty\n")
    assert result.returncode == 0, result.stderr
    assert "still couldn't match" in result.stdout and "Let's not get stuck" in result.stdout
    assert "tap" not in result.stdout.lower() and "button" not in result.stdout.lower()


def test_console_help_lists_quit() -> None:
    result = run("console", stdin="/help\n")
    assert result.returncode == 0
    help_text = result.stdout.split("> /help", 1)[1]
    assert "/quit" in help_text and "/back" in help_text


def test_a_mistyped_command_is_never_offered_forget() -> None:
    """ "/more" mid-interview got "Did you mean /forget?", a command that deletes what is
    stored; a plain typo still gets its suggestion."""
    result = run("console", stdin="/more\n/hlep\n")
    assert result.returncode == 0
    assert "Did you mean /forget" not in result.stdout
    assert "Did you mean /help?" in result.stdout


def test_a_command_naming_a_button_on_screen_presses_it(tmp_path: Path) -> None:
    """ "/more" at the result ("2. More advice" on screen) was an unknown command; before the
    result it still is."""
    answers = "\n".join(["/more", "we design houses and extensions", *["1"] * 9, "/more"])
    result = run("console", "--chart-dir", str(tmp_path), stdin=answers + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Unknown command /more") == 1
    assert "More for client-based businesses" in result.stdout


def test_console_says_where_it_keeps_data(tmp_path: Path) -> None:
    result = run("console")
    assert result.stdout.splitlines()[0].startswith("Nothing is kept after you quit")
    assert "--store sqlite:///" in result.stdout.splitlines()[0]


def test_a_file_store_keeps_what_kb_unmatched_lists(tmp_path: Path) -> None:
    url = "sqlite:///console.db"  # relative: the line names the absolute file
    for text in ("xqzvt wibble", "we sell glorbs"):
        result = subprocess.run(
            [*ADVISOR, "console", "--store", url],
            input=text + "\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        first = result.stdout.splitlines()[0]
        assert f"sqlite:///{tmp_path / 'console.db'}" in first, first
    listing = subprocess.run(
        [*ADVISOR, "kb", "unmatched", "--store", url],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert listing.returncode == 0, listing.stderr
    assert "xqzvt wibble" in listing.stdout and "we sell glorbs" in listing.stdout


def test_an_unknown_language_is_an_error_listing_the_languages() -> None:
    result = run("console", "--lang", "es")
    assert result.returncode == 2
    assert "es" in result.stderr and "Languages: en" in result.stderr
    assert "Traceback" not in result.stderr and "Question 1" not in result.stdout
    assert run("console", "--lang", "en-GB").returncode == 0


def test_console_refuses_broken_flows_with_file_and_line(tmp_path: Path) -> None:
    dialogues = tmp_path / "dialogues"
    dialogues.mkdir()
    (dialogues / "messages.yaml").write_text((ROOT / "dialogues" / "messages.yaml").read_text())
    (dialogues / "main.yaml").write_text("flow: main\nsteps:\n  - id: a\n    kind: reslt\n")
    result = subprocess.run(
        [*ADVISOR, "console"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"ADVISOR_DIALOGUES": str(dialogues), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{dialogues / 'main.yaml'}:4" in result.stderr and "did you mean 'result'" in (
        result.stderr
    )


def test_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.Popen(
        [*ADVISOR, "kb", "stats"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first line, like `| head -0`
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err
