"""Everything the advisor needs at run time, loaded and validated in full before anything runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import MESSAGES_FILE, Settings
from bot.core.errors import DataError, DataErrors, DuplicateIdError, Location, UnknownReferenceError
from bot.core.messages import Messages
from bot.engine.engine import DEFAULT_FLOW, Engine
from bot.engine.flow_checks import check_flows
from bot.engine.loader import flow_files, read_flow
from bot.engine.model import Flow

if TYPE_CHECKING:
    from bot.kb.brain import KnowledgeBrain


def load_flows(
    paths: Iterable[Path], dimensions: Iterable[str] | None
) -> tuple[dict[str, Flow], list[DataError]]:
    """Parse and check every flow file under `paths`; collect all errors."""
    flows: dict[str, Flow] = {}
    errors: list[DataError] = []
    for path in flow_files(paths):
        flow, found = read_flow(path)
        errors += found
        if flow is None:
            continue
        if flow.id in flows:
            errors.append(
                DuplicateIdError(
                    f"flow id '{flow.id}' is also used by {flows[flow.id].path}",
                    Location(str(path), 1),
                    flow=flow.id,
                    hint="give each flow file its own id",
                )
            )
            continue
        flows[flow.id] = flow
    errors += check_flows(flows, dimensions)
    return flows, errors


@dataclass(frozen=True)
class Advisor:
    """Flows, knowledge and messages, validated together, plus the engine that runs them."""

    settings: Settings
    messages: Messages
    brain: KnowledgeBrain
    flows: Mapping[str, Flow]
    engine: Engine

    @classmethod
    def load(cls, settings: Settings, *, frontend: str | None = None) -> Advisor:
        """Load everything; raise DataErrors listing every problem (nothing half-loads).

        `frontend` picks that front-end's wording from messages.yaml (`frontends:`).
        """
        from bot.kb.brain import KnowledgeBrain  # the knowledge base is heavy to import

        errors: list[DataError] = []
        messages: Messages | None = None
        brain: KnowledgeBrain | None = None
        try:
            messages = Messages.load(settings.dialogues_dir / MESSAGES_FILE)
        except DataErrors as exc:
            errors += exc.errors
        except DataError as exc:  # e.g. a YAML syntax error
            errors.append(exc)
        try:
            brain = KnowledgeBrain.load(settings.knowledge_dir)
        except DataErrors as exc:
            errors += exc.errors
        except DataError as exc:
            errors.append(exc)
        dims = brain.answer_ids() if brain is not None else None
        flows, flow_errors = load_flows([settings.dialogues_dir], dims)
        errors += flow_errors
        if not flows and not flow_errors:
            errors.append(
                UnknownReferenceError(
                    "no flow files found",
                    Location(str(settings.dialogues_dir)),
                    hint="add a dialogues/*.yaml flow with 'flow: main'",
                )
            )
        elif flows and DEFAULT_FLOW not in flows:
            errors.append(
                UnknownReferenceError(
                    f"no flow with id '{DEFAULT_FLOW}'",
                    Location(str(settings.dialogues_dir)),
                    hint="the interview starts from the flow 'main'",
                )
            )
        DataErrors.raise_if_any(errors)
        assert messages is not None and brain is not None
        if frontend is not None:
            messages = messages.for_frontend(frontend)
        return cls(settings, messages, brain, flows, Engine(flows, brain, messages))
