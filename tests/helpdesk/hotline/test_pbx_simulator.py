"""The PBX simulator against a live server: real HTTP, real signatures, no mocks."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpdesk.hotline import pbx as simulator
from helpdesk.hotline.models import Call, CallEventReceipt, HotlineAnomaly, RingBack
from helpdesk.hotline.models import TelephonyIntegration as Integration
from helpdesk.queues.models import Status, WorkItem
from tests.factories import CustomerFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[3]
SECRET = "live-secret-for-the-simulator"


@pytest.fixture
def desk(queue):
    integration = Integration.objects.create(name="sim-pbx", secret=SECRET, default_queue=queue)
    for n, extension in enumerate(("8001", "8002")):
        MembershipFactory(queue=queue, user=UserFactory(roles=["agent"], extension=extension))
        customer = CustomerFactory(name=f"Customer {n}")
        customer.contacts.create(kind="phone", value=f"+86138001380{n:02d}")
    return integration


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "helpdesk.hotline.pbx", "--url", url, "--integration", "sim-pbx"]
    return subprocess.run(
        [*argv, *args], cwd=BASE_DIR, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_command_line_simulator_plays_calls_that_all_end(live_server, desk):
    result = _cli(
        live_server.url,
        "--secret",
        SECRET,
        "--calls",
        "12",
        "--speed",
        "0",
        "--seed",
        "3",
        "--missed-rate",
        "0.3",
        "--abandon-rate",
        "0.2",
        "--voicemail-rate",
        "0.1",
        "--repeat-rate",
        "0.1",
        "--duplicate-rate",
        "0.3",
        "--number",
        "13800138000",
        "--number",
        "13800138001",
        "--agent-extension",
        "8001",
        "--agent-extension",
        "8002",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    placed = int(re.search(r"pbx: (\d+) calls", summary).group(1))
    repeats = int(re.search(r"(\d+) answered as repeats", summary).group(1))
    assert placed >= 12
    assert repeats > 0  # events sent twice on purpose got the first answer again
    assert Call.objects.count() == placed
    assert not Call.objects.filter(ended_at__isnull=True).exists()
    assert not HotlineAnomaly.objects.exists()
    # three events per answered call, two per other call: each applied once
    answered = Call.objects.filter(state="answered").count()
    assert CallEventReceipt.objects.count() == 3 * answered + 2 * (placed - answered)
    assert set(Call.objects.values_list("state", flat=True)) >= {"answered", "missed"}
    assert Call.objects.filter(item__customer__isnull=False).exists()  # matched callers
    for call in Call.objects.filter(state="answered").select_related("item", "agent"):
        assert call.agent.extension in ("8001", "8002")
        assert call.item.assignee == call.agent
        assert call.talk_seconds >= 30
    unanswered = Call.objects.exclude(state="answered")
    assert not unanswered.filter(ringback__isnull=True).exists()  # each became a ring-back


def test_a_number_calling_again_and_again_folds_into_one_ringback(live_server, desk):
    report = simulator.run(
        simulator.Config(
            url=live_server.url,
            secret=SECRET,
            integration="sim-pbx",
            calls=1,
            repeat_rate=1.0,
            missed_rate=0.0,
            abandon_rate=0.0,
            voicemail_rate=0.0,
            numbers=["13912345678"],
            known_rate=1.0,
            extensions=["8001"],
            speed=0,
            seed=1,
            quiet=True,
        )
    )

    assert report.ok, report.failures
    assert report.scenarios == {"repeat": 1}
    calls = len(report.call_ids)
    assert calls in (2, 3)
    ringback = RingBack.objects.select_related("item").get()
    assert (ringback.number, ringback.missed_count) == ("+8613912345678", calls)
    assert ringback.item.status == Status.NEW
    assert WorkItem.objects.filter(kind="callback").count() == 1


def test_the_simulator_with_the_wrong_secret_fails_and_writes_no_call(live_server, desk):
    result = _cli(
        live_server.url, "--secret", "wrong", "--calls", "2", "--speed", "0", "--repeat-rate", "0"
    )

    assert result.returncode == 1
    assert "401" in result.stdout
    assert "2 failed" in result.stdout.strip().splitlines()[-1]
    assert not Call.objects.exists()
    assert HotlineAnomaly.objects.filter(reason="signature_invalid").count() == 2


def test_the_simulators_arguments_are_checked():
    with pytest.raises(SystemExit):
        simulator.parse(["--missed-rate", "0.8", "--abandon-rate", "0.5"])
    config = simulator.parse([], env={"HOTLINE_PBX_SECRET": "from-env"})
    assert config.secret == "from-env"
    assert config.extensions == ["8001", "8002", "8003"]
    assert "13800138001" in config.numbers  # the demo customers' numbers
