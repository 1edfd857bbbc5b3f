"""Quality gates for facts, cross-check, quality and brief on the shared seeds and dev set."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import crosscheck_eval

pytestmark = [pytest.mark.shared, pytest.mark.model]

# Recorded when the gates were set; a drop below fails the suite.
DEV_FACT_RECALL = 0.80
DEV_BACKER_RECALL = 0.65
# 12/32 by the benchmark's article-overlap rule. It was 13/32 while a false dispute (25 points
# planned against 50 points the markets expect) counted as a hit for an unrelated gold conflict
# of its story; the overlap rule cannot tell them apart.
DEV_CONFLICT_RECALL = 0.375


@pytest.fixture(scope="module")
def seeds(shared, nlp):
    return crosscheck_eval.seed_report(shared, nlp)


@pytest.fixture(scope="module")
def dev(shared, nlp):
    return crosscheck_eval.dev_report(shared, nlp)


def test_seed_facts_found_with_their_backers(seeds):
    assert seeds["facts_found"] >= 9, seeds["facts"]


def test_seed_conflicts_reported(seeds):
    assert seeds["conflicts"]["C1"] and seeds["conflicts"]["C2"], seeds["conflicts"]


def test_seed_quality_ranks_the_agency_story_above_the_spam_rewrite(seeds):
    quality = seeds["quality"]
    assert quality["004_e2564a49729ad7c8"] > quality["001_71779daf8aaa0952"]


def test_seed_spans_and_summary_are_exact(seeds):
    assert seeds["span_errors"] == []
    assert 3 <= len(seeds["summary"]) <= 6
    assert seeds["date"] == "2021-12-30"


def test_dev_fact_and_backer_recall(dev):
    assert dev["fact_recall"] >= DEV_FACT_RECALL
    assert dev["backer_recall"] >= DEV_BACKER_RECALL


def test_dev_spans_and_summaries_are_exact(dev):
    assert dev["span_errors"] == []


def test_dev_conflicts_found(dev):
    assert dev["conflict_recall"] >= DEV_CONFLICT_RECALL, dev["conflict_rows"]


def test_seed_summary_opens_on_the_call_itself(seeds):
    from corroborate.brief.summary import anaphoric

    lead = seeds["summary"][0]
    assert not anaphoric(lead), lead
    assert "Biden" in lead and "Poutine" in lead, lead


def test_dev_summaries_open_on_a_lead(dev):
    assert dev["anaphoric_leads"] == 0, dev["leads"]
