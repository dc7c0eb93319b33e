"""The schemas of knowledge/advice/: tips, answer notes, sector notes and trait rules.

Shapes and values only; references to dimensions, sectors, industries and traits are checked
afterwards (`bot.kb.counsel_loader`), once every file is read.
"""

from typing import Annotated, Any, Self

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, model_validator

from bot.core.errors import SchemaError
from bot.core.richtext import placeholders
from bot.core.schema import rule_error
from bot.kb.fields import (
    Ident,
    KbSchema,
    MaybeText,
    Number,
    SomeTexts,
    Text,
    Texts,
    in_range,
    one_of,
)
from bot.kb.model import GROUPS, LABELS

# Placeholders a tip may use: the sector's CRM outline.
TIP_PLACEHOLDERS = frozenset({"crm_fields", "crm_segments", "crm_stages"})

Verdict = Annotated[Text, one_of(LABELS, what="verdict")]
Group = Annotated[Text, one_of((*GROUPS, "two"), what="group")]
AnswerMap = dict[str, SomeTexts]  # dimension id -> option ids


def _known_placeholders(value: str, info: ValidationInfo) -> str:
    extra = placeholders(value) - TIP_PLACEHOLDERS
    if extra:
        raise rule_error(
            SchemaError,
            f"{info.field_name} uses unknown placeholders {sorted(extra)}",
            hint=f"allowed: {', '.join(sorted(TIP_PLACEHOLDERS))}",
        )
    return value


TipText = Annotated[Text, AfterValidator(_known_placeholders)]


class GapTipSchema(KbSchema):
    """A piece of advice; its id may be left out (a gap's tips are named after the gap)."""

    id: Ident | None = None
    text: TipText
    first_step: TipText
    figure: TipText
    why: TipText
    topic: MaybeText = ""
    impact: Annotated[Number, in_range(0.0, 10.0)] | None = None
    verdicts: tuple[Verdict, ...] | None = None
    groups: tuple[Group, ...] = ()
    sectors: Texts = ()
    industries: Texts = ()
    only: Texts = ()
    unless: Texts = ()
    skip_if: AnswerMap = Field(default_factory=dict)
    boost_if: AnswerMap = Field(default_factory=dict)

    @model_validator(mode="after")
    def _some_verdict(self) -> Self:
        if self.verdicts == ():
            raise rule_error(
                SchemaError, "'verdicts' is empty", hint="list at least one", key="verdicts"
            )
        return self


class TipSchema(GapTipSchema):
    """A piece of advice of practices.yaml or a sector file."""

    id: Ident


class PracticesFile(KbSchema):
    """advice/practices.yaml."""

    tips: tuple[TipSchema, ...]


def _listed(value: Any) -> Any:
    """A gap is one tip or a list of variants."""
    return [value] if isinstance(value, dict) else value


Variants = Annotated[tuple[GapTipSchema, ...], BeforeValidator(_listed)]


class NoteSchema(KbSchema):
    """What one answer means for each verdict."""

    strength: MaybeText = ""
    good_for: tuple[Verdict, ...] = ()
    fine_for: tuple[Verdict, ...] = ()
    gaps: dict[Verdict, Variants] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _strength_when_good(self) -> Self:
        if self.good_for and not self.strength:
            raise rule_error(SchemaError, "'strength' is missing", hint="add 'strength: ...'")
        return self


class AnswersFile(KbSchema):
    """advice/answers.yaml: dimension id -> option id -> note."""

    answers: dict[str, dict[str, NoteSchema]]


class CrmSchema(KbSchema):
    """A sector's CRM outline."""

    fields: Text
    segments: Text
    stages: Text


class SectorFile(KbSchema):
    """advice/sectors/<sector>.yaml."""

    sector: Ident
    crm: CrmSchema
    traits: dict[str, SomeTexts] = Field(default_factory=dict)
    # a trait's own outline, for the trades the sector's does not fit (the first trait held)
    crm_for: dict[str, CrmSchema] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _outlined_traits_exist(self) -> Self:
        for trait in self.crm_for:
            if trait not in self.traits:
                raise rule_error(
                    SchemaError,
                    f"crm_for names trait '{trait}', not one under 'traits'",
                    hint=f"add '{trait}: [<industry ids>]' under traits:",
                )
        return self

    tips: tuple[TipSchema, ...]


class TraitSchema(KbSchema):
    """A trait read from the description."""

    phrases: SomeTexts
    not_phrases: Texts = ()
    sectors: Texts = ()


class TraitsFile(KbSchema):
    """advice/traits.yaml."""

    traits: dict[str, TraitSchema]
