"""Personal details masked out of user text before the stores keep it for operators.

Unrecognised business descriptions are kept so the knowledge base can grow; a description may
carry a phone number ("call 0777 123 456"), an e-mail address or an account number, none of
which an operator needs. They become [email], [phone] and [number].
"""

from __future__ import annotations

import re

EMAIL = "[email]"
PHONE = "[phone]"
NUMBER = "[number]"
# Fewer digits than this in one run stay: years, prices, "24/7" and opening hours are useful.
LONG_RUN = 5
# A phone number: at least this many digits, with spaces, dots, dashes, slashes or brackets.
PHONE_DIGITS = 7

_EMAIL_RE = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A digit sequence that may be written with separators; "+" and "(" may open it.
_DIGITISH_RE = re.compile(r"(?:\+|\(\s*)?\d(?:[\d().\-/]|\s(?=[\d(+]))*\d\)?|\d")
_RUN_RE = re.compile(rf"\d{{{LONG_RUN},}}")


def _digits(match: re.Match[str]) -> str:
    found = match.group()
    if sum(ch.isdigit() for ch in found) >= PHONE_DIGITS:
        return PHONE
    return _RUN_RE.sub(NUMBER, found)


def mask_personal(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and runs of 5+ digits masked."""
    if "@" in text:
        text = _EMAIL_RE.sub(EMAIL, text)
    if any(ch.isdigit() for ch in text):
        text = _DIGITISH_RE.sub(_digits, text)
    return text
