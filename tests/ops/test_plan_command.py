"""The real `advisor plan` command, run as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pdfread import pdf_text

ROOT = Path(__file__).resolve().parents[2]
ADVISOR = Path(sys.executable).parent / "advisor"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    return subprocess.run(
        [str(ADVISOR), "plan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_json_is_exactly_one_object_with_the_advice_in_rank_order() -> None:
    out = run("law firm", "--answer", "payment=retainer", "-a", "trust=high", "--json")
    assert out.returncode == 0, out.stderr
    (line,) = out.stdout.splitlines()
    data = json.loads(line)
    assert list(data) == ["label", "industry", "strengths", "advice"]
    assert data["label"] == "client" and data["industry"] == "Law firm"
    assert isinstance(data["strengths"], list)
    assert data["advice"] and all(
        list(a) == ["text", "first_step", "figure"] for a in data["advice"]
    )
    assert all(isinstance(v, str) for a in data["advice"] for v in a.values())


def test_answers_change_the_plan() -> None:
    client = json.loads(
        run(
            "a bakery",
            "--json",
            "-a",
            "relationship=partnership",
            "-a",
            "engagement=long_term",
            "-a",
            "customization=tailored",
            "-a",
            "trust=high",
            "-a",
            "payment=retainer",
        ).stdout
    )
    customer = json.loads(run("a bakery", "--json").stdout)
    assert customer["label"] == "customer" and client["label"] != "customer"
    assert client["advice"] != customer["advice"]


def test_writes_the_pdf_where_asked(tmp_path: Path) -> None:
    target = tmp_path / "my plan.pdf"
    out = run("we are a dental practice", "-a", "payment=retainer", "-o", str(target))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Plan saved to {target}"
    text = pdf_text(target.read_bytes())
    assert "Your relationship plan" in text and "we are a dental practice" in text


def test_default_file_is_named_after_the_industry_in_the_current_folder(tmp_path: Path) -> None:
    out = run("law firm", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["relationship-plan-law-firm.pdf"]


def test_json_with_output_prints_only_json_and_writes_the_pdf(tmp_path: Path) -> None:
    target = tmp_path / "plan.pdf"
    out = run("law firm", "--json", "-o", str(target))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["label"] == "client"
    assert target.read_bytes().startswith(b"%PDF-")


def test_unknown_dimension_lists_the_valid_ones_with_a_suggestion() -> None:
    out = run("law firm", "--answer", "paymnt=retainer")
    assert out.returncode == 2 and not out.stdout
    assert "unknown dimension 'paymnt' (did you mean 'payment'?)" in out.stderr
    assert "relationship, engagement, customization" in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_option_lists_the_valid_ones_with_a_suggestion() -> None:
    out = run("law firm", "--answer", "payment=retainr")
    assert out.returncode == 2
    assert "unknown option 'retainr' for payment (did you mean 'retainer'?)" in out.stderr
    assert "retainer, project_fees, mixed, per_sale" in out.stderr


def test_malformed_and_contradictory_answers_are_usage_errors() -> None:
    for args, message in (
        (["-a", "payment"], "expected DIMENSION=OPTION"),
        (["-a", "=retainer"], "expected DIMENSION=OPTION"),
        (["-a", "industry=law_firm"], "unknown dimension 'industry'"),
        (["-a", "payment=retainer", "-a", "payment=per_sale"], "payment is answered twice"),
    ):
        out = run("law firm", *args)
        assert out.returncode == 2, args
        assert message in out.stderr and "Traceback" not in out.stderr


def test_no_description_and_nothing_known() -> None:
    out = run()
    assert out.returncode == 2 and "no description" in out.stderr
    unknown = run("xyzzy plugh")
    assert unknown.returncode == 1 and "no plan" in unknown.stderr
    as_json = run("xyzzy plugh", "--json")
    assert json.loads(as_json.stdout) == {
        "label": "unknown",
        "industry": None,
        "strengths": [],
        "advice": [],
    }


def test_an_unwritable_target_is_a_clear_error(tmp_path: Path) -> None:
    out = run("law firm", "-o", str(tmp_path / "missing" / "plan.pdf"))
    assert out.returncode == 1
    assert "cannot write" in out.stderr and "Traceback" not in out.stderr
