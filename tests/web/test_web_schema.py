"""Schemathesis against the app's own OpenAPI, in process: no request the schema allows (or one
it does not) gets a 500, and every error comes in the one error shape of the API."""

from __future__ import annotations

import re
import socket
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from corroborate.web.app import create_app

ERROR_KEYS = {"ok", "status", "code", "error"}


def _app():
    """The app over an empty store; queued jobs are not run (their pipeline is tested apart)."""
    app = create_app(Path(tempfile.mkdtemp(prefix="corroborate-schema-")) / "s.db")
    app.state.jobs.start = lambda job: None
    return app


# The schema is read through the app itself (in process, no socket), when the module loads.
schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.fixture(autouse=True)
def no_dns(monkeypatch):
    """Generated host names fail to resolve at once instead of asking a resolver."""

    def refuse(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "not resolved in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@schemathesis.check
def one_error_shape(ctx, response, case) -> None:
    """Every 4xx and 5xx body is {ok: false, status, code: Ennn, error} and nothing else."""
    if response.status_code < 400:
        return
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["ok"] is False and body["status"] == response.status_code, body
    assert re.fullmatch(r"E\d{3}", body["code"]) and body["error"], body


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_answers_every_request_without_500_in_the_error_shape(case):
    # A body with neither text nor URL is schema-valid (the schema cannot say "one of the two")
    # and gets the documented 400, which the positive-data check would take for a rejection.
    response = case.call_and_validate(
        additional_checks=[one_error_shape], excluded_checks=[positive_data_acceptance]
    )
    assert response.status_code < 500
