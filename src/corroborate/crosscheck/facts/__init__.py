"""Facts: value mentions with their statements, grouped across outlets, and the disputes
between groups of one slot."""

from corroborate.crosscheck.facts.disputes import (
    Dispute,
    misspelled_names,
    name_evidence,
    readable,
    value_disputes,
)
from corroborate.crosscheck.facts.find import find_facts
from corroborate.crosscheck.facts.groups import (
    Group,
    context,
    fold_overlaps,
    group_statements,
    group_values,
    slot_class,
)
from corroborate.crosscheck.facts.languages import attach_sentences, join_languages
from corroborate.crosscheck.facts.modality import requested

__all__ = [
    "Dispute",
    "Group",
    "attach_sentences",
    "context",
    "find_facts",
    "fold_overlaps",
    "group_statements",
    "group_values",
    "join_languages",
    "misspelled_names",
    "name_evidence",
    "readable",
    "requested",
    "slot_class",
    "value_disputes",
]
