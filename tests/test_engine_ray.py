"""`--engine ray` on a local Ray (two CPUs) gives the same report as the local engine."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, FIXTURES
from corroborate.api import check

ray = pytest.importorskip("ray", reason="Ray comes with the corroborate[ray] extra")
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray of two CPUs for this module, shut down after it."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_gives_the_same_stories_as_the_local_one(local_ray, tmp_path):
    inputs = [EXAMPLES, FIXTURES / "web" / "gazette-menestrol-inspection.txt"]
    local = check(inputs, tmp_path / "local.db")
    on_ray = check(inputs, tmp_path / "ray.db", engine="ray")
    assert on_ray.counts == local.counts and on_ray.counts["analysed"] >= 9
    assert on_ray.errors == local.errors
    assert sorted(sorted(s.articles) for s in on_ray.stories) == sorted(
        sorted(s.articles) for s in local.stories
    )
    # Not only the grouping: every fact, quote, conflict and cleaned text is the same.
    assert on_ray.data == local.data


def test_a_bad_input_on_ray_is_one_error_line_like_on_the_local_engine(local_ray, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<html><head><title>x</title></head><body></body></html>", "utf-8")
    inputs = [broken, EXAMPLES / "us-pontivel-coupe.txt"]
    local = check(inputs, None)
    on_ray = check(inputs, None, engine="ray")
    assert on_ray.errors == local.errors and len(on_ray.errors) == 1
    assert [a.id for a in on_ray.articles] == [a.id for a in local.articles]
