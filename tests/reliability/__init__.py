"""Reliability: hostile input, ordering, concurrency across processes, faults and crashes."""
