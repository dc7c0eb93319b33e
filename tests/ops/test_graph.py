"""Flow diagrams: Mermaid and DOT list every step and edge; the PNG is a real image."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.engine.model import Branch, Condition, Flow, OptionDef, StepDef
from bot.ops.flow_png import to_png
from bot.ops.graph import DimensionInfo, Graph, build_graph, to_dot, to_mermaid
from bot.ops.graph_command import render

ROOT = Path(__file__).resolve().parents[2]
ADVISOR = ROOT / ".venv" / "bin" / "advisor"
NASTY = 'He said "hi" <b> | #1; & {x}'


def _flow() -> Flow:
    steps = [
        StepDef(
            "kind_q",
            "choice",
            "**What** do you sell?",
            slot="kind",
            options=(
                OptionDef("goods", "Goods", next="goods_q"),
                OptionDef("services", "Services"),
                OptionDef("both", NASTY),
            ),
            next=(Branch("size_q"),),
        ),
        StepDef(
            "goods_q",
            "text",
            "Which goods? " + "word " * 40,
            slot="goods",
            next=(Branch("size_q"),),
        ),
        StepDef(
            "size_q",
            "dimension",
            "",
            dimension="size",
            next=(
                Branch("big_result", Condition("size", "in", ("large", "huge"))),
                Branch("confirm_q", Condition("size", "unset")),
                Branch("small_result"),
            ),
        ),
        StepDef(
            "confirm_q",
            "confirm",
            "Sure?",
            slot="ok",
            options=(
                OptionDef("yes", "Yes", next="small_result"),
                OptionDef("no", "No", next="kind_q"),  # a loop back to the start
            ),
        ),
        StepDef("big_result", "result", ""),
        StepDef("small_result", "result", "Here is your verdict"),
    ]
    return Flow("shop", "v1", 'Shop "flow"', "kind_q", {s.id: s for s in steps}, "x.yaml")


def _dims(dim: str) -> DimensionInfo | None:
    return DimensionInfo("How big are you?", ("Small", "Large", "Huge")) if dim == "size" else None


EXPECTED_EDGES = {
    ("kind_q", "goods_q"),
    ("kind_q", "size_q"),
    ("goods_q", "size_q"),
    ("size_q", "big_result"),
    ("size_q", "confirm_q"),
    ("size_q", "small_result"),
    ("confirm_q", "small_result"),
    ("confirm_q", "kind_q"),
}


def test_build_graph_edges_labels_and_highlights() -> None:
    g = build_graph(_flow(), _dims)
    assert [n.id for n in g.nodes] == list(_flow().steps)
    assert {(e.src, e.dst) for e in g.edges} == EXPECTED_EDGES
    by = {(e.src, e.dst): e for e in g.edges}
    assert by[("kind_q", "goods_q")].label == ("Goods",)
    # Options without their own `next` ride the default edge.
    assert by[("kind_q", "size_q")].label == ("Services", NASTY)
    assert by[("size_q", "big_result")].label == ("if size in large, huge",)
    assert by[("size_q", "confirm_q")].label == ("if size unset",)
    assert by[("size_q", "small_result")].label == ("otherwise",)
    assert by[("size_q", "big_result")].conditional
    assert not by[("kind_q", "size_q")].conditional
    nodes = {n.id: n for n in g.nodes}
    assert nodes["kind_q"].start and not nodes["size_q"].start
    assert nodes["big_result"].result and nodes["small_result"].result
    assert nodes["size_q"].excerpt == "How big are you?", "dimension question from the brain"
    assert nodes["kind_q"].excerpt == "What do you sell?", "markup stripped"
    assert len(nodes["goods_q"].excerpt) <= 48 and nodes["goods_q"].excerpt.endswith("…")


def test_dimension_options_go_on_the_edge() -> None:
    flow = Flow(
        "d",
        "v",
        "D",
        "a",
        {
            "a": StepDef("a", "dimension", "", dimension="size", next=(Branch("r"),)),
            "r": StepDef("r", "result", ""),
        },
        "d.yaml",
    )
    (edge,) = build_graph(flow, _dims).edges
    assert edge.label == ("Small", "Large", "Huge")
    (bare,) = build_graph(flow).edges  # without a knowledge base: no labels, still an edge
    assert bare.label == ()
    assert build_graph(flow).nodes[0].excerpt == "dimension size"


def test_relabelled_answers_and_ask_if_conditions_are_drawn() -> None:
    flow = Flow(
        "d",
        "v",
        "D",
        "a",
        {
            "a": StepDef(
                "a",
                "dimension",
                "",
                dimension="size",
                next=(Branch("g"),),
                options=(OptionDef("l", "Big enough"),),
            ),
            "g": StepDef(
                "g",
                "choice",
                "Why?",
                slot="g",
                options=(OptionDef("x", "X"),),
                next=(Branch("r"),),
                ask_if="answers_point_two_ways",
            ),
            "r": StepDef("r", "result", ""),
        },
        "d.yaml",
    )

    def dims(_: str) -> DimensionInfo:
        return DimensionInfo("How big?", ("Small", "Large", "Huge"), ("s", "l", "h"))

    graph = build_graph(flow, dims)
    assert graph.edges[0].label == ("Small", "Big enough", "Huge")
    assert graph.nodes[1].lines[0] == "g · choice · if answers point two ways"


def _unescape_mermaid(text: str) -> str:
    return re.sub(
        r"#(\d+|quot|lt|gt|amp);",
        lambda m: {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}.get(m[1]) or chr(int(m[1])),
        text,
    )


def test_mermaid_has_every_step_and_edge_label() -> None:
    text = to_mermaid(build_graph(_flow(), _dims))
    lines = text.splitlines()
    assert "flowchart TD" in lines
    nodes = dict(re.findall(r'^\s+(s_\w+)\(?\["(.*)"\]\)?$', text, re.M))
    assert set(nodes) == {f"s_{s}" for s in _flow().steps}
    edges = re.findall(r'^\s+(s_\w+) (-->|-\.->)(?:\|"(.*)"\|)? (s_\w+)$', text, re.M)
    assert {(a[2:], b[2:]) for a, _, _, b in edges} == EXPECTED_EDGES
    labels = {(a[2:], b[2:]): _unescape_mermaid(lbl).split("<br/>") for a, _, lbl, b in edges}
    assert labels[("kind_q", "goods_q")] == ["Goods"]
    assert labels[("size_q", "big_result")] == ["if size in large, huge"]
    assert labels[("kind_q", "size_q")][1].startswith('He said "hi" <b> | #1; &')
    arrows = {(a[2:], b[2:]): arrow for a, arrow, _, b in edges}
    assert arrows[("size_q", "small_result")] == "-.->"
    assert arrows[("kind_q", "goods_q")] == "-->"
    # Raw quotes, pipes or angle brackets inside a label would break Mermaid's parser.
    for lbl in [lbl for _, _, lbl, _ in edges] + list(nodes.values()):
        assert not re.search(r'["|<>]', lbl.replace("<br/>", ""))
    assert re.search(r"class s_big_result,s_small_result result", text)
    assert re.search(r"class s_kind_q start", text)


def test_mermaid_ids_do_not_clash_with_keywords() -> None:
    flow = Flow(
        "k",
        "v",
        "K",
        "end",
        {
            "end": StepDef("end", "message", "bye", next=(Branch("graph"),)),
            "graph": StepDef("graph", "result", ""),
        },
        "k.yaml",
    )
    text = to_mermaid(build_graph(flow))
    assert "s_end --> s_graph" in text


def _unescape_dot(s: str) -> str:
    return s.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def test_dot_has_every_step_and_edge_label() -> None:
    text = to_dot(build_graph(_flow(), _dims))
    assert text.startswith('digraph "shop" {') and text.rstrip().endswith("}")
    assert 'label="Shop \\"flow\\""' in text
    q = r'"((?:[^"\\]|\\.)*)"'
    nodes = re.findall(rf"^    {q} \[label={q}(.*)\];$", text, re.M)
    assert {n for n, _, _ in nodes} == set(_flow().steps)
    attrs = {n: rest for n, _, rest in nodes}
    assert "#fde2c8" in attrs["big_result"] and "#fde2c8" in attrs["small_result"]
    assert "#fde2c8" not in attrs["size_q"]
    edges = re.findall(rf"^    {q} -> {q}(?: \[(.*)\])?;$", text, re.M)
    assert {(a, b) for a, b, _ in edges} == EXPECTED_EDGES
    by = {(a, b): rest for a, b, rest in edges}
    assert "style=dashed" in by[("size_q", "big_result")]
    label = re.search(rf"label={q}", by[("kind_q", "size_q")])
    assert label
    assert _unescape_dot(label[1]).split("\n")[1].startswith('He said "hi" <b> | #1; &')


def _png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    Image.open(io.BytesIO(data)).verify()
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_png_is_a_real_image_with_highlighted_results() -> None:
    img = _png(to_png(build_graph(_flow(), _dims)))
    assert img.width >= 400 and img.height >= 500
    colours = {c for _, c in img.getcolors(1 << 20) or []}
    assert (253, 226, 200) in colours, "result boxes are filled in the result colour"
    assert (219, 233, 252) in colours, "the start box is highlighted"


def test_png_layers_grow_downwards() -> None:
    chain = {
        f"s{i}": StepDef(f"s{i}", "message", f"step {i}", next=(Branch(f"s{i + 1}"),))
        for i in range(4)
    }
    chain["s4"] = StepDef("s4", "result", "")
    short = Flow("c", "v", "C", "s0", dict(list(chain.items())[-2:]), "c.yaml")
    long = Flow("c", "v", "C", "s0", chain, "c.yaml")
    assert _png(to_png(build_graph(long))).height > _png(to_png(build_graph(short))).height


def test_render_dispatches_by_format() -> None:
    g: Graph = build_graph(_flow(), _dims)
    assert isinstance(render(g, "mermaid"), str)
    assert isinstance(render(g, "dot"), str)
    assert isinstance(render(g, "png"), bytes)
    with pytest.raises(ValueError):
        render(g, "svg")


# -- the real command ---------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "TELEGRAM_"))}
    return subprocess.run(
        [str(ADVISOR), "graph", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_cli_mermaid_for_the_main_flow(tmp_path: Path) -> None:
    run = _cli("main", "--format", "mermaid", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "flowchart TD"
    for step in ("business", "relationship", "result"):
        assert f"s_{step}" in run.stdout


def test_cli_png_and_dot_to_files(tmp_path: Path) -> None:
    png = tmp_path / "main.png"
    run = _cli("--format", "png", "-o", str(png), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    _png(png.read_bytes())
    dot = tmp_path / "main.dot"
    assert _cli("main", "--format", "dot", "-o", str(dot), cwd=tmp_path).returncode == 0
    assert dot.read_text(encoding="utf-8").startswith('digraph "main"')


def test_cli_unknown_flow_suggests_and_fails(tmp_path: Path) -> None:
    run = _cli("mian", cwd=tmp_path)
    assert run.returncode == 1
    assert "unknown flow 'mian'" in run.stderr and "did you mean 'main'?" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_cli_png_needs_an_output_file(tmp_path: Path) -> None:
    run = _cli("main", "--format", "png", cwd=tmp_path)
    assert run.returncode == 2
    assert "-o FILE" in run.stderr


def test_cli_reports_broken_dialogues_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "dialogues").mkdir()
    (tmp_path / "dialogues" / "messages.yaml").write_text("en: [unclosed\n", encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")},
        "ADVISOR_DIALOGUES": str(tmp_path / "dialogues"),
    }
    run = subprocess.run(
        [str(ADVISOR), "graph"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "messages.yaml" in run.stderr
    assert "Traceback" not in run.stderr


def test_module_runs_without_graphviz() -> None:
    # The PNG path must not depend on a `dot` binary: draw with PATH emptied.
    code = (
        "from tests.ops.test_graph import _flow, _dims;"
        "from bot.ops.graph import build_graph; from bot.ops.flow_png import to_png;"
        "import sys; sys.stdout.write(str(len(to_png(build_graph(_flow(), _dims)))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PATH": ""},
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 1000


def test_long_and_many_options_are_shortened_on_edges() -> None:
    options = tuple(
        OptionDef(f"o{i}", f"Option number {i} " + "with many words " * 4) for i in range(8)
    )
    flow = Flow(
        "m",
        "v",
        "M",
        "a",
        {
            "a": StepDef("a", "choice", "Pick", slot="a", options=options, next=(Branch("r"),)),
            "r": StepDef("r", "result", ""),
        },
        "m.yaml",
    )
    (edge,) = build_graph(flow).edges
    assert len(edge.label) == 6 and edge.label[-1] == "+3 more"
    assert all(len(line) <= 28 and line.endswith("…") for line in edge.label[:5])


def test_edge_labels_are_moved_apart() -> None:
    from bot.ops.flow_png import separate

    placed = [(100.0, 100.0, 80.0, 40.0), (186.0, 100.0, 50.0, 40.0)]
    x, y = separate((120.0, 110.0, 60.0, 30.0), placed)
    assert (x, y) == (242.0, 110.0)
    assert separate((0.0, 0.0, 10.0, 10.0), placed) == (0.0, 0.0)
    assert separate((120.0, 200.0, 60.0, 30.0), placed) == (120.0, 200.0), "no vertical overlap"


def test_docs_main_flow_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "main-flow.md"
    run = _cli("main", "-o", str(out), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    current = (ROOT / "docs" / "main-flow.md").read_text(encoding="utf-8")
    assert current == out.read_text(encoding="utf-8"), (
        "docs/main-flow.md is stale: run `.venv/bin/advisor graph main -o docs/main-flow.md`"
    )
