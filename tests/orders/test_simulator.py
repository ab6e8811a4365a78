"""The shared signing helper and the supplier simulator, over real HTTP on loopback."""

from __future__ import annotations

import itertools
import json
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from helpdesk.embedded import port_is_free
from orders.signing import canonical, sign, signed, verify
from tests.orders.conftest import launch, stop

DEFAULT_BALANCE = 10_000_000

# --- signing ------------------------------------------------------------------------------------

ORDER = {
    "merchant": "sim-alpha",
    "order_ref": "R20260101-0001",
    "product_code": "mobile-30",
    "account": "13800138000",
    "amount": 3000,
    "callback_url": None,
    "timestamp": 1767225600,
}
# Computed apart from this code: printf '%s' "$CANONICAL" | openssl dgst -sha256 -hmac KEY
ORDER_CANONICAL = (
    "account=13800138000&amount=3000&merchant=sim-alpha&order_ref=R20260101-0001"
    "&product_code=mobile-30&timestamp=1767225600"
)
ORDER_SIGN = "f6b414a328f5fc8e54a0f97ab81e15d836bb0757650afe221cc41a4bf956f440"
MIXED = {"zh": "充值", "ok": True, "flag": False, "ratio": 0.5, "status": "failed"}
MIXED_CANONICAL = "flag=false&ok=true&ratio=0.5&status=failed&zh=充值"


def test_canonical_sorts_names_and_leaves_out_nulls_and_the_sign():
    assert canonical({**ORDER, "sign": "whatever"}) == ORDER_CANONICAL


def test_canonical_writes_booleans_and_numbers_as_json_does_and_text_as_it_is():
    fields = {**MIXED, "fail_code": "ACCOUNT_INVALID"}

    assert canonical(fields) == "fail_code=ACCOUNT_INVALID&" + MIXED_CANONICAL


def test_sign_matches_fixed_vectors():
    assert sign(ORDER, "secret-alpha") == ORDER_SIGN
    assert sign({**MIXED, "fail_code": "ACCOUNT_INVALID"}, "k") == (
        "767db17d839139f0388686c658f0e9bb2d252039f731a4545637e153212c0c6f"
    )


def test_verify_accepts_the_right_sign_in_either_case():
    assert verify({**ORDER, "sign": ORDER_SIGN}, "secret-alpha")
    assert verify({**ORDER, "sign": ORDER_SIGN.upper()}, "secret-alpha")


@pytest.mark.parametrize(
    "fields,secret",
    [
        ({**ORDER, "sign": ORDER_SIGN}, "secret-beta"),
        ({**ORDER, "amount": 5000, "sign": ORDER_SIGN}, "secret-alpha"),
        ({**ORDER, "amount": "3000 ", "sign": ORDER_SIGN}, "secret-alpha"),
        (ORDER, "secret-alpha"),
        ({**ORDER, "sign": 12}, "secret-alpha"),
        ({**ORDER, "sign": "é" * 64}, "secret-alpha"),
        ({**ORDER, "extra": {"nested": 1}, "sign": ORDER_SIGN}, "secret-alpha"),
    ],
    ids=[
        "other secret",
        "changed field",
        "changed text",
        "no sign",
        "not text",
        "not hex",
        "nested",
    ],
)
def test_verify_refuses_what_was_not_signed_so(fields, secret):
    assert not verify(fields, secret)


def test_a_nested_value_cannot_be_signed():
    with pytest.raises(TypeError):
        canonical({"items": [1, 2]})


def test_signed_adds_a_sign_that_verifies():
    body = signed({**ORDER, "sign": "stale"}, "secret-alpha")

    assert body["sign"] == ORDER_SIGN
    assert verify(body, "secret-alpha")


# --- helpers ------------------------------------------------------------------------------------


def answer(sim, name: str, response: httpx.Response) -> dict:
    """The response's body, once its sign is checked with the channel's secret."""
    body = response.json()
    assert verify(body, sim.secret(name)), body
    return body


def balance(sim, name: str) -> int:
    return answer(sim, name, sim.post(name, "/api/balance"))["balance"]


def wait_until(condition, timeout: float = 5.0, every: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not met in time")


class Receiver:
    """Our side of the callbacks: a tiny HTTP server that records each POST and answers with
    the next status of ``statuses`` (the last one repeats)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.calls: list[tuple[float, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.calls.append((time.monotonic(), json.loads(self.rfile.read(length))))
                index = min(len(receiver.calls), len(receiver.statuses)) - 1
                self.send_response(receiver.statuses[index])
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"code": "0000"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/orders/callback"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(statuses=(200,)) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for one in made:
        one.close()


# --- the supplier API ---------------------------------------------------------------------------


def test_a_success_is_answered_at_once_and_charged_once(sim):
    body = answer(sim, "alpha", sim.recharge("alpha", order_ref="S1"))

    assert (body["code"], body["status"], body["order_ref"]) == ("0000", "success", "S1")
    assert body["supplier_order_id"]
    order = sim.ledger("alpha")["S1"]
    assert (order["submits"], order["charged"], order["status"]) == (1, 1, "success")
    assert balance(sim, "alpha") == DEFAULT_BALANCE - 3_000


def test_a_second_submit_of_a_reference_answers_0003_and_never_charges_again(sim):
    first = answer(sim, "alpha", sim.recharge("alpha", order_ref="D1"))

    again = answer(sim, "alpha", sim.recharge("alpha", order_ref="D1"))

    assert (again["code"], again["status"]) == ("0003", "success")
    assert again["supplier_order_id"] == first["supplier_order_id"]
    order = sim.ledger("alpha")["D1"]
    assert (order["submits"], order["charged"]) == (2, 1)
    assert balance(sim, "alpha") == DEFAULT_BALANCE - 3_000
    assert sim.channel("alpha")["counters"]["duplicates"] == 1


@pytest.mark.parametrize(
    "settings,order,code,fail_code",
    [
        ({}, {"account": "1380013800"}, "1001", "ACCOUNT_INVALID"),
        ({}, {"account": "23800138000"}, "1001", "ACCOUNT_INVALID"),
        ({"invalid_prefixes": ["170"]}, {"account": "17012345678"}, "1001", "ACCOUNT_INVALID"),
        (
            {},
            {"product_code": "game-60", "amount": 6_000, "account": " "},
            "1001",
            "ACCOUNT_INVALID",
        ),
        ({}, {"product_code": "mobile-7", "amount": 700}, "1002", "PRODUCT_UNKNOWN"),
        ({}, {"product_code": "mobile-30", "amount": 5_000}, "1002", "PRODUCT_UNKNOWN"),
        ({"balance": 2_999}, {}, "1003", "BALANCE_LOW"),
        ({"failure_rate": 1}, {}, "2001", "SUPPLIER_ERROR"),
        ({"busy_rate": 1}, {}, "2002", "SUPPLIER_BUSY"),
    ],
    ids=[
        "short number",
        "not starting with 1",
        "refused prefix",
        "blank game account",
        "unknown product",
        "amount not the face value",
        "balance low",
        "supplier error",
        "busy",
    ],
)
def test_a_refused_order_is_answered_failed_and_never_charged(
    sim, settings, order, code, fail_code
):
    if settings:
        sim.patch("alpha", **settings)
    before = balance(sim, "alpha")

    body = answer(sim, "alpha", sim.recharge("alpha", order_ref="F1", **order))

    assert (body["code"], body["status"], body["fail_code"]) == (code, "failed", fail_code)
    ledger = sim.ledger("alpha")["F1"]
    assert (ledger["charged"], ledger["status"], ledger["fail_code"]) == (0, "failed", fail_code)
    assert balance(sim, "alpha") == before
    query = answer(sim, "alpha", sim.query("alpha", "F1"))
    assert (query["status"], query["fail_code"]) == ("failed", fail_code)


def test_a_game_account_may_be_any_text(sim):
    body = answer(
        sim,
        "beta",
        sim.recharge("beta", product_code="game-60", amount=6_000, account="玩家#42"),
    )

    assert body["code"] == "0000"


@pytest.mark.parametrize(
    "mangle,code",
    [
        (lambda sim, body: {**body, "sign": signed(body, "not-the-secret")["sign"]}, "SIGN_ERROR"),
        (lambda sim, body: {**body, "amount": 1}, "SIGN_ERROR"),
        (lambda sim, body: {k: v for k, v in body.items() if k != "sign"}, "SIGN_ERROR"),
        (
            lambda sim, body: signed({**body, "merchant": "sim-beta"}, sim.secret("alpha")),
            "SIGN_ERROR",
        ),
        (
            lambda sim, body: signed(
                {**body, "timestamp": int(time.time()) - 301}, sim.secret("alpha")
            ),
            "TIMESTAMP_EXPIRED",
        ),
    ],
    ids=["other secret", "changed after signing", "no sign", "other merchant", "old timestamp"],
)
def test_a_request_without_a_good_sign_or_time_is_401_and_records_nothing(sim, mangle, code):
    body = sim.signed(
        "alpha", order_ref="X1", product_code="mobile-10", account="13800138000", amount=1_000
    )

    response = httpx.post(sim.channel_url("alpha") + "/api/recharge", json=mangle(sim, body))

    assert response.status_code == 401
    assert answer(sim, "alpha", response)["code"] == code
    assert sim.ledger("alpha") == {}


def test_a_request_with_missing_fields_is_400_and_records_nothing(sim):
    response = sim.post("alpha", "/api/recharge", order_ref="B1", product_code="mobile-10")

    assert response.status_code == 400
    body = answer(sim, "alpha", response)
    assert body["code"] == "BAD_REQUEST"
    assert "amount" in body["message"] and "account" in body["message"]
    assert sim.ledger("alpha") == {}


def test_a_query_for_an_unseen_reference_is_not_found(sim):
    body = answer(sim, "gamma", sim.query("gamma", "never-sent"))

    assert (body["code"], body["status"], body["supplier_order_id"]) == ("0000", "not_found", None)


def test_a_timeout_is_processed_and_charged_though_the_client_gets_no_answer(sim):
    sim.patch("alpha", timeout_rate=1, timeout_seconds=1.0, latency_ms=0, latency_jitter_ms=0)

    with pytest.raises(httpx.ReadTimeout):
        sim.recharge("alpha", order_ref="TO1", timeout=0.3)

    query = answer(sim, "alpha", sim.query("alpha", "TO1"))
    assert query["status"] == "success"
    order = sim.ledger("alpha")["TO1"]
    assert (order["charged"], order["submits"], order["queries"]) == (1, 1, 1)


def test_an_unknown_answer_resolves_to_a_charged_success_by_query(sim):
    sim.patch("alpha", unknown_rate=1, callback_delay_ms=200, latency_ms=0, latency_jitter_ms=0)
    refs = [f"U{i}" for i in range(6)]

    codes = {answer(sim, "alpha", sim.recharge("alpha", order_ref=ref))["code"] for ref in refs}

    assert codes == {"0002"}
    early = {o["status"] for o in sim.ledger("alpha").values()}
    assert "processing" in early  # some were not finished when answered (seeded chance)
    wait_until(
        lambda: all(
            answer(sim, "alpha", sim.query("alpha", r))["status"] == "success" for r in refs
        )
    )
    assert all(order["charged"] == 1 for order in sim.ledger("alpha").values())


def test_an_accepted_order_is_settled_later_and_its_result_called_back_signed(sim, receiver):
    ours = receiver()
    # Long enough that the ledger is read before the order settles, even on a loaded machine.
    sim.patch("beta", async_rate=1, callback_delay_ms=1500, latency_ms=0, latency_jitter_ms=0)

    body = answer(sim, "beta", sim.recharge("beta", order_ref="A1", callback_url=ours.url))

    assert (body["code"], body["status"]) == ("0001", "accepted")
    assert sim.ledger("beta")["A1"]["charged"] == 0
    wait_until(lambda: ours.calls)
    _at, callback = ours.calls[0]
    assert verify(callback, sim.secret("beta"))
    assert callback["merchant"] == "sim-beta"
    assert (callback["order_ref"], callback["status"]) == ("A1", "success")
    assert callback["supplier_order_id"] == body["supplier_order_id"]
    assert abs(callback["timestamp"] - time.time()) < 5
    # Delivered is marked once our 200 is back, a moment after the call reached us.
    wait_until(lambda: sim.ledger("beta")["A1"]["callback_delivered"])
    order = sim.ledger("beta")["A1"]
    assert (order["charged"], order["callback_delivered"]) == (1, True)
    assert answer(sim, "beta", sim.query("beta", "A1"))["status"] == "success"


def test_a_callback_answered_with_an_error_is_retried_until_a_200(sim, receiver):
    ours = receiver(statuses=(500, 503, 200))
    sim.patch("beta", async_rate=1, callback_delay_ms=0, callback_retry_ms=100)

    sim.recharge("beta", order_ref="A2", callback_url=ours.url)

    wait_until(lambda: sim.ledger("beta")["A2"]["callback_delivered"])
    assert len(ours.calls) == 3
    gaps = [later[0] - earlier[0] for earlier, later in itertools.pairwise(ours.calls)]
    assert all(gap >= 0.09 for gap in gaps)
    attempts = sim.ledger("beta")["A2"]["callback_attempts"]
    assert [a["http_status"] for a in attempts] == [500, 503, 200]
    assert all(verify(body, sim.secret("beta")) for _at, body in ours.calls)


def test_a_callback_never_answered_200_is_tried_four_times_then_given_up(sim, receiver):
    ours = receiver(statuses=(500,))
    sim.patch("beta", async_rate=1, callback_delay_ms=0, callback_retry_ms=50)

    sim.recharge("beta", order_ref="A3", callback_url=ours.url)

    wait_until(lambda: sim.channel("beta")["counters"]["callbacks_abandoned"] == 1)
    assert len(ours.calls) == 4  # the first attempt and 3 retries
    order = sim.ledger("beta")["A3"]
    assert (order["callback_delivered"], order["charged"]) == (False, 1)


def test_an_accepted_order_fails_if_the_balance_is_gone_when_it_is_settled(sim, receiver):
    ours = receiver()
    sim.patch("gamma", async_rate=1, callback_delay_ms=300, latency_ms=0, latency_jitter_ms=0)
    sim.recharge("gamma", order_ref="A4", callback_url=ours.url)

    sim.patch("gamma", balance=0)

    wait_until(lambda: ours.calls)
    callback = ours.calls[0][1]
    assert (callback["status"], callback["fail_code"]) == ("failed", "BALANCE_LOW")
    assert sim.ledger("gamma")["A4"]["charged"] == 0


# --- the control API ----------------------------------------------------------------------------


def test_the_control_api_lists_every_channel_with_its_port_and_merchant(sim):
    listed = sim.control.get("/channels").json()["channels"]

    assert [(c["name"], c["port"], c["merchant"]) for c in listed] == [
        (name, sim.ports[name], f"sim-{name}") for name in ("alpha", "beta", "gamma")
    ]
    assert sim.control.get("/healthz").status_code == 200
    assert sim.control.get("/channels/delta").status_code == 404


def test_a_patch_changes_behaviour_mid_run(sim):
    assert answer(sim, "gamma", sim.recharge("gamma"))["code"] == "0000"

    sim.patch("gamma", failure_rate=1)
    assert answer(sim, "gamma", sim.recharge("gamma"))["fail_code"] == "SUPPLIER_ERROR"

    sim.patch("gamma", failure_rate=0)
    assert answer(sim, "gamma", sim.recharge("gamma"))["code"] == "0000"


def test_a_patch_with_a_bad_value_changes_nothing(sim):
    response = sim.control.patch(
        "/channels/gamma", json={"failure_rate": 1.5, "latency_ms": 10, "colour": "red"}
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"failure_rate", "colour"}
    assert sim.channel("gamma")["settings"]["latency_ms"] == 30


def test_the_same_seed_replays_the_same_answers(sim):
    def run() -> list[str]:
        sim.patch("alpha", seed=42, failure_rate=0.5, latency_ms=0, latency_jitter_ms=0)
        return [answer(sim, "alpha", sim.recharge("alpha"))["code"] for _ in range(12)]

    first = run()
    second = run()

    assert first == second
    assert set(first) == {"0000", "2001"}


def test_a_reset_restores_defaults_and_clears_the_ledger(sim):
    sim.patch("alpha", failure_rate=1, balance=5_000, invalid_prefixes=["170"])
    sim.recharge("alpha")

    reset = sim.reset("alpha")

    assert reset["settings"]["failure_rate"] == 0
    assert reset["settings"]["balance"] == DEFAULT_BALANCE
    assert reset["settings"]["invalid_prefixes"] == []
    assert reset["counters"]["submits"] == 0
    assert sim.ledger("alpha") == {}
    assert answer(sim, "alpha", sim.recharge("alpha"))["code"] == "0000"


# --- the process --------------------------------------------------------------------------------


def test_sigterm_stops_the_simulator_at_once_even_with_an_answer_held(tmp_path):
    own = launch(tmp_path / "sim.log", channels=("solo",))
    own.patch("solo", timeout_rate=1, timeout_seconds=60)
    outcome: list[object] = []

    def wait_for_the_held_answer():
        try:
            outcome.append(own.recharge("solo", timeout=30))
        except httpx.HTTPError as exc:
            outcome.append(exc)

    held = threading.Thread(target=wait_for_the_held_answer, daemon=True)
    held.start()
    wait_until(lambda: own.ledger("solo"))

    own.proc.send_signal(signal.SIGTERM)

    assert own.proc.wait(timeout=5) == 0
    assert "simulator: stopped" in own.output()
    assert port_is_free(own.ports["solo"])
    held.join(timeout=5)
    assert isinstance(outcome[0], httpx.HTTPError)  # the connection closed, no answer
    stop(own)
