"""The server's guards: fetches connect only to the address checked as public, whatever the DNS
answers next; adding articles needs a loopback server or the server's token."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpcore
import pytest
from fastapi.testclient import TestClient

from corroborate.errors import CorroborateError
from corroborate.web import WriteGate, create_app
from corroborate.web.fetch import fetch_to_file

ERROR_KEYS = {"ok", "status", "code", "error"}
PUBLIC = "93.184.216.34"
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def local_server():
    """An HTTP server on loopback that counts the requests it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = b"<html><body><p>Secret interne.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _rebinding(monkeypatch, answers: list[str]) -> list[str]:
    """`rebind.example` resolves to each of `answers` in turn (the last one stays); the lookups
    made are recorded."""
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example":
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_dns_answer_that_turns_private_after_the_check_is_never_connected_to(
    monkeypatch, tmp_path, local_server
):
    port, hits = local_server
    # The first lookup (the check of the request) says public, every later one loopback: a
    # fetch that resolved the name again to connect would reach the local server.
    asked = _rebinding(monkeypatch, [PUBLIC, "127.0.0.1"])
    with pytest.raises(CorroborateError) as caught:
        fetch_to_file(f"http://rebind.example:{port}/page", tmp_path)
    assert caught.value.code.name == "E009"
    assert "127.0.0.1" in caught.value.message and "private" in caught.value.message
    assert hits == [] and len(asked) == 2
    assert list(tmp_path.iterdir()) == []


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch, tmp_path):
    asked = _rebinding(monkeypatch, [PUBLIC])
    connected: list[str] = []

    def connect_tcp(self, host, port, *args, **kwargs):
        connected.append(host)
        raise httpcore.ConnectError("no network in this test")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect_tcp)
    with pytest.raises(CorroborateError) as caught:
        fetch_to_file("http://rebind.example/page", tmp_path)
    assert caught.value.code.name == "E009"
    # The socket is opened to the checked address itself, never to the name (which the
    # resolver could answer differently a second time).
    assert connected and set(connected) == {PUBLIC}
    assert len(asked) == 2  # the early check, then the one the connection uses


def test_allow_private_fetches_from_loopback(tmp_path, local_server):
    port, hits = local_server
    path = fetch_to_file(f"http://127.0.0.1:{port}/page", tmp_path, allow_private=True)
    assert hits == ["/page"] and "Secret interne." in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("host", "open_to_all"),
    [("127.0.0.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.10", False), ("::", False),
     ("example.org", False)],
)
def test_writes_are_open_only_on_loopback(host, open_to_all):
    assert WriteGate.for_server(host, None).open_to_all is open_to_all
    with_token = WriteGate.for_server(host, "s3cret")
    assert not with_token.open_to_all and with_token.token == "s3cret"


def _error(response, status: int) -> dict:
    body = response.json()
    assert response.status_code == status and set(body) == ERROR_KEYS, body
    return body


def test_a_server_open_to_other_machines_without_token_takes_no_article(tmp_path):
    app = create_app(tmp_path / "w.db", writes=WriteGate.for_server("0.0.0.0", None))
    with TestClient(app) as client:
        body = _error(client.post("/api/articles", json={"text": "Le maire a parlé."}), 403)
        assert body["code"] == "E048" and "--token" in body["error"]
        # Refused before the body is looked at: a malformed one gets the same answer.
        assert _error(client.post("/api/articles", json={"title": 3}), 403)["code"] == "E048"
        form = client.post("/add", data={"text": "Le maire a parlé."}, follow_redirects=False)
        assert form.status_code == 403 and "E048" in form.text
        assert client.get("/add").status_code == 403
        assert client.get("/api/stories").status_code == 200
    assert app.state.jobs.jobs == {}


def test_with_a_token_only_its_holders_add_articles(tmp_path):
    app = create_app(tmp_path / "t.db", writes=WriteGate.for_server("0.0.0.0", "s3cret"))
    app.state.jobs.start = lambda job: None  # queued only: the pipeline is tested elsewhere
    with TestClient(app) as client:
        new = {"text": "Le maire de Brisac a annoncé la fermeture de 3 écoles."}
        assert _error(client.post("/api/articles", json=new), 403)["code"] == "E048"
        wrong = {"Authorization": "Bearer nope"}
        assert _error(client.post("/api/articles", json=new, headers=wrong), 403)["code"] == "E048"
        right = {"Authorization": "Bearer s3cret"}
        assert client.post("/api/articles", json=new, headers=right).status_code == 202
        page = client.get("/add")
        assert page.status_code == 200 and 'name="token"' in page.text
        refused = client.post("/add", data={"text": new["text"]}, follow_redirects=False)
        assert refused.status_code == 403
        taken = client.post("/add", data={"text": new["text"], "token": "s3cret"},
                            follow_redirects=False)
        assert taken.status_code == 303
    assert len(app.state.jobs.jobs) == 2


def test_a_loopback_server_takes_articles_without_token(tmp_path):
    app = create_app(tmp_path / "l.db", writes=WriteGate.for_server("127.0.0.1", None))
    app.state.jobs.start = lambda job: None
    with TestClient(app) as client:
        response = client.post("/api/articles", json={"text": "Le maire a parlé jeudi."})
        assert response.status_code == 202
        assert 'name="token"' not in client.get("/add").text
