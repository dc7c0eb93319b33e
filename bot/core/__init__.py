"""The ground floor: errors, rich text, YAML with line numbers, schemas, messages, locks.

Imports nothing else from `bot`; every other package may import it.
"""
