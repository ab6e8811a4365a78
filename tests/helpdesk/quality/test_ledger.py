"""The performance ledger: every figure recomputed here in plain Python over the fixture records
(not with the ledger's SQL), the trace returning exactly the items behind each figure, the
quarterly ranking's order, who may read what, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from helpdesk.complaints.models import Complaint
from helpdesk.quality.models import PointCoefficient, Praise, Rating, Review
from helpdesk.queues.models import Category, Kind, WorkItem
from tests.factories import CustomerFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = 17
REPEAT_DAYS = 30
DEFAULT_POINTS = {"ticket": "1.00", "chat": "0.50", "call": "0.50", "complaint": "2.00"}


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@dataclass
class Rec:
    """What the test knows about one work item (the fixture's own record, kept beside the DB)."""

    pk: int
    kind: str
    assignee: int | None
    status: str
    customer: int | None
    category: int | None
    created: dt.datetime
    resolved: dt.datetime | None
    score: int | None = None
    comment: str = ""


@dataclass
class World:
    agents: list
    items: list[Rec]
    praise: list[tuple[int, int, dt.datetime]]  # (agent, item, when)
    complaints: list[tuple[int, int, dt.datetime]]  # (agent, complaint item, when)
    reviews: list[tuple[int, int, Decimal, dt.datetime]]  # (agent, item, score, when)
    special: Decimal
    special_category: int


@pytest.fixture(autouse=True)
def _ledger_settings(settings):
    settings.QUALITY_MONTHLY_BASE = BASE
    settings.QUALITY_REPEAT_DAYS = REPEAT_DAYS
    settings.QUALITY_DEFAULT_POINTS = "1"


def _make_item(rec_kwargs, queue) -> Rec:
    item = WorkItem.objects.create(
        kind=rec_kwargs["kind"],
        queue=queue,
        subject="work",
        assignee_id=rec_kwargs["assignee"],
        status=rec_kwargs["status"],
        customer_id=rec_kwargs["customer"],
        category_id=rec_kwargs["category"],
        resolved_at=rec_kwargs["resolved"],
    )
    WorkItem.objects.filter(pk=item.pk).update(created_at=rec_kwargs["created"])
    rec = Rec(pk=item.pk, **rec_kwargs)
    return rec


def build_world(queue, agents, *, seed: int, n: int) -> World:
    """``n`` items over September to December 2026, drawn from a seeded generator."""
    rng = random.Random(seed)
    cat_a = Category.objects.create(name=f"Top-up {seed}", queue=queue)
    cat_b = Category.objects.create(name=f"Refund {seed}", queue=queue)
    special = Decimal("3.00")
    PointCoefficient.objects.create(kind=Kind.TICKET, category=cat_a, points=special)
    customers = [CustomerFactory().pk for _ in range(4)]
    items: list[Rec] = []
    for _ in range(n):
        created = at(2026, rng.choice([9, 10, 10, 11]), rng.randint(1, 28), rng.randint(0, 23))
        status = rng.choice(["resolved", "closed", "closed", "open"])
        resolved = None
        if status != "open":
            resolved = created + dt.timedelta(hours=rng.randint(1, 200))
        rec = _make_item(
            {
                "kind": rng.choice(["ticket", "ticket", "chat", "call"]),
                "assignee": rng.choice([a.pk for a in agents] + [None]),
                "status": status,
                "customer": rng.choice([*customers, None]),
                "category": rng.choice([cat_a.pk, cat_b.pk, None]),
                "created": created,
                "resolved": resolved,
            },
            queue,
        )
        if resolved is not None and rng.random() < 0.6:
            rec.score = rng.randint(1, 5)
            rec.comment = rng.choice(["", "Thanks!", "slow"])
            Rating.objects.create(
                item_id=rec.pk, score=rec.score, comment=rec.comment, source="link"
            )
        items.append(rec)
    # The month's edges: resolved exactly at the start (in), a minute before (out), at the end (out).
    for resolved in (at(2026, 10, 1, 0, 0), at(2026, 9, 30, 23, 59), at(2026, 11, 1, 0, 0)):
        items.append(
            _make_item(
                {
                    "kind": "ticket",
                    "assignee": agents[0].pk,
                    "status": "resolved",
                    "customer": customers[0],
                    "category": cat_b.pk,
                    "created": resolved - dt.timedelta(hours=2),
                    "resolved": resolved,
                },
                queue,
            )
        )
    praise = []
    for _ in range(n // 5):
        rec = rng.choice([r for r in items if r.assignee])
        when = at(2026, rng.choice([9, 10, 11]), rng.randint(1, 28))
        p = Praise.objects.create(item_id=rec.pk, agent_id=rec.assignee, note="Well done")
        Praise.objects.filter(pk=p.pk).update(created_at=when)
        praise.append((rec.assignee, rec.pk, when))
    complaints = []
    for _ in range(n // 6):
        agent = rng.choice(agents)
        when = at(2026, rng.choice([9, 10, 11]), rng.randint(1, 28))
        item = WorkItem.objects.create(kind=Kind.COMPLAINT, queue=queue, subject="complaint")
        Complaint.objects.create(item=item, attributed_agent=agent, attributed_at=when)
        items.append(Rec(item.pk, "complaint", None, "new", None, None, item.created_at, None))
        complaints.append((agent.pk, item.pk, when))
    reviews = []
    reviewable = [r for r in items if r.assignee and r.resolved]
    for rec in rng.sample(reviewable, min(len(reviewable), n // 4)):
        score = Decimal(rng.randint(2000, 10000)) / 100
        when = at(2026, rng.choice([9, 10, 11]), rng.randint(1, 28))
        review = Review.objects.create(
            item_id=rec.pk, agent_id=rec.assignee, reason="random", score=score
        )
        Review.objects.filter(pk=review.pk).update(created_at=when)
        reviews.append((rec.assignee, rec.pk, score, when))
    return World(agents, items, praise, complaints, reviews, special, cat_a.pk)


@pytest.fixture
def agents(queue, agent, agent2):
    third = UserFactory(username="agent3", roles=["agent"])
    MembershipFactory(queue=queue, user=third, role="agent")
    return [agent, agent2, third]


@pytest.fixture
def world(queue, agents) -> World:
    return build_world(queue, agents, seed=11, n=60)


# --- the independent calculation -----------------------------------------------------------------


def period(label: str) -> tuple[dt.datetime, dt.datetime]:
    if "Q" in label:
        year, q = int(label[:4]), int(label[-1])
        start = at(year, 3 * q - 2, 1, 0)
        end = at(year + 1, 1, 1, 0) if q == 4 else at(year, 3 * q + 1, 1, 0)
        return start, end
    year, month = int(label[:4]), int(label[5:])
    end = at(year + 1, 1, 1, 0) if month == 12 else at(year, month + 1, 1, 0)
    return at(year, month, 1, 0), end


def coefficient(world: World, rec: Rec) -> Decimal:
    if rec.kind == "ticket" and rec.category == world.special_category:
        return world.special
    return Decimal(DEFAULT_POINTS.get(rec.kind, "1"))


def expected_ids(world: World, agent_id: int, label: str) -> dict[str, list[int]]:
    start, end = period(label)
    handled = [
        r
        for r in world.items
        if r.assignee == agent_id
        and r.status in ("resolved", "closed")
        and start <= r.resolved < end
    ]

    def repeated(r: Rec) -> bool:
        if r.customer is None or r.category is None:
            return False
        window_end = r.resolved + dt.timedelta(days=REPEAT_DAYS)
        return any(
            s.pk != r.pk
            and s.customer == r.customer
            and s.category == r.category
            and r.created < s.created <= window_end
            for s in world.items
        )

    return {
        "points": sorted(r.pk for r in handled),
        "confirmed": sorted(r.pk for r in handled if r.score is not None and r.score >= 4),
        "praise": sorted(
            [r.pk for r in handled if r.score == 5 and r.comment]
            + [item for a, item, when in world.praise if a == agent_id and start <= when < end]
        ),
        "complaints": sorted(
            item for a, item, when in world.complaints if a == agent_id and start <= when < end
        ),
        "repeats": sorted(r.pk for r in handled if repeated(r)),
        "reviews": sorted(
            item for a, item, _s, when in world.reviews if a == agent_id and start <= when < end
        ),
    }


def expected_row(world: World, agent_id: int, label: str) -> dict:
    ids = expected_ids(world, agent_id, label)
    by_pk = {r.pk: r for r in world.items}
    points = sum((coefficient(world, by_pk[pk]) for pk in ids["points"]), Decimal("0"))
    scores = [s for _a, item, s, _w in world.reviews if item in ids["reviews"]]
    base = Decimal(BASE * (3 if "Q" in label else 1))
    return {
        "items": len(ids["points"]),
        "points": f"{points:.2f}",
        "base": f"{base:.2f}",
        "above_base": f"{max(points - base, Decimal(0)):.2f}",
        "confirmed": len(ids["confirmed"]),
        "praise": len(ids["praise"]),
        "complaints": len(ids["complaints"]),
        "repeats": len(ids["repeats"]),
        "reviews": len(ids["reviews"]),
        "review_score": f"{sum(scores) / len(scores):.2f}" if scores else None,
    }


FIELDS = [
    "items",
    "points",
    "base",
    "above_base",
    "confirmed",
    "praise",
    "complaints",
    "repeats",
    "reviews",
    "review_score",
]


# --- the tests -----------------------------------------------------------------------------------


def test_the_fixture_exercises_every_figure(world):
    """Guards the tests below against passing on empty figures."""
    totals = {f: 0 for f in ("points", "confirmed", "praise", "complaints", "repeats", "reviews")}
    for agent in world.agents:
        for figure, ids in expected_ids(world, agent.pk, "2026-10").items():
            totals[figure] += len(ids)
    assert all(count > 0 for count in totals.values()), totals


def test_the_monthly_ledger_matches_an_independent_calculation(client_for, supervisor, world):
    response = client_for(supervisor).get("/api/v1/quality/ledger/?month=2026-10")

    assert response.status_code == 200, response.content
    rows = {row["agent"]["id"]: {f: row[f] for f in FIELDS} for row in response.json()["rows"]}
    for agent in world.agents:
        assert rows[agent.pk] == expected_row(world, agent.pk, "2026-10"), agent.username


@pytest.mark.parametrize(
    "figure", ["points", "confirmed", "praise", "complaints", "repeats", "reviews"]
)
def test_the_trace_returns_exactly_the_items_behind_each_figure(
    client_for, supervisor, world, figure
):
    client = client_for(supervisor)
    for agent in world.agents:
        response = client.get(
            f"/api/v1/quality/ledger/trace/?agent={agent.pk}&month=2026-10&figure={figure}"
        )

        assert response.status_code == 200, response.content
        body = response.json()
        assert (
            sorted(i["id"] for i in body["items"])
            == expected_ids(world, agent.pk, "2026-10")[figure]
        )
        assert body["count"] == len(body["items"])
        if figure == "points":
            total = sum((Decimal(i["points"]) for i in body["items"]), Decimal(0))
            assert f"{total:.2f}" == expected_row(world, agent.pk, "2026-10")["points"]


def test_the_quarterly_ranking_orders_by_points_then_fewest_complaints(client_for, manager, world):
    response = client_for(manager).get("/api/v1/quality/ranking/?quarter=2026-Q4")

    assert response.status_code == 200, response.content
    rows = response.json()["rows"]
    expected = {a.pk: expected_row(world, a.pk, "2026-Q4") for a in world.agents}
    order = sorted(
        expected,
        key=lambda pk: (
            -Decimal(expected[pk]["points"]),
            expected[pk]["complaints"],
            -expected[pk]["praise"],
            expected[pk]["repeats"],
            pk,
        ),
    )
    assert [r["agent"]["id"] for r in rows] == order
    assert [r["rank"] for r in rows] == list(range(1, len(order) + 1))
    for r in rows:
        assert {f: r[f] for f in FIELDS} == expected[r["agent"]["id"]]


def test_an_agent_reads_their_own_ledger_and_not_another(client_for, agent, agent2, world):
    client = client_for(agent)

    own = client.get(f"/api/v1/quality/ledger/{agent.pk}/?month=2026-10")
    other = client.get(f"/api/v1/quality/ledger/{agent2.pk}/?month=2026-10")
    own_trace = client.get(
        f"/api/v1/quality/ledger/trace/?agent={agent.pk}&month=2026-10&figure=points"
    )
    other_trace = client.get(
        f"/api/v1/quality/ledger/trace/?agent={agent2.pk}&month=2026-10&figure=points"
    )
    everyone = client.get("/api/v1/quality/ledger/?month=2026-10")
    ranking = client.get("/api/v1/quality/ranking/?quarter=2026-Q4")

    assert own.status_code == 200
    assert {f: own.json()["rows"][0][f] for f in FIELDS} == expected_row(world, agent.pk, "2026-10")
    assert other.status_code == 404 and other_trace.status_code == 404
    assert own_trace.status_code == 200
    assert everyone.status_code == 403 and ranking.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/quality/ledger/?month=2026-13",
        "/api/v1/quality/ledger/?month=october",
        "/api/v1/quality/ledger/",
        "/api/v1/quality/ranking/?quarter=2026-Q5",
        "/api/v1/quality/ledger/trace/?agent=1&month=2026-10&figure=bonus",
        "/api/v1/quality/ledger/?month=2026-10&extra=1",
    ],
)
def test_bad_periods_and_figures_are_400(client_for, manager, url):
    response = client_for(manager).get(url)

    assert response.status_code == 400


def test_a_supervisor_records_praise_that_the_trace_shows(client_for, supervisor, agent, queue):
    item = WorkItem.objects.create(
        kind=Kind.TICKET, queue=queue, subject="x", assignee=agent, status="resolved"
    )
    month = timezone.localtime().strftime("%Y-%m")

    recorded = client_for(supervisor).post(
        "/api/v1/quality/praise/", {"item": item.pk, "note": "Stayed late"}, format="json"
    )
    refused = client_for(agent).post(
        "/api/v1/quality/praise/", {"item": item.pk, "note": "Me!"}, format="json"
    )
    trace = client_for(agent).get(
        f"/api/v1/quality/ledger/trace/?agent={agent.pk}&month={month}&figure=praise"
    )

    assert recorded.status_code == 201, recorded.content
    assert refused.status_code == 403
    assert [(i["id"], i["source"], i["comment"]) for i in trace.json()["items"]] == [
        (item.pk, "recorded", "Stayed late")
    ]


def test_the_ledger_costs_the_same_queries_for_more_agents_and_items(
    client_for, supervisor, queue, agents, django_assert_num_queries
):
    client = client_for(supervisor)
    build_world(queue, agents, seed=1, n=10)
    # session, user, roles; coefficients, handled totals, recorded praise, complaints, repeats,
    # reviews; people
    with django_assert_num_queries(10):
        first = client.get("/api/v1/quality/ledger/?month=2026-10")
    more = [UserFactory(roles=["agent"]) for _ in range(3)]
    build_world(queue, agents + more, seed=2, n=40)
    with django_assert_num_queries(10):
        second = client.get("/api/v1/quality/ledger/?month=2026-10")

    assert first.status_code == second.status_code == 200
    assert len(second.json()["rows"]) > len(first.json()["rows"])


def test_the_trace_costs_a_fixed_number_of_queries(
    client_for, supervisor, queue, agents, agent, django_assert_num_queries
):
    client = client_for(supervisor)
    build_world(queue, agents, seed=3, n=40)
    url = f"/api/v1/quality/ledger/trace/?agent={agent.pk}&month=2026-10&figure="
    # session, user, roles; then the figure's items (praise: rated items and recorded praise)
    for figure, count in [
        ("points", 4),
        ("confirmed", 4),
        ("praise", 5),
        ("complaints", 4),
        ("repeats", 4),
        ("reviews", 4),
    ]:
        with django_assert_num_queries(count):
            assert client.get(url + figure).status_code == 200
