"""The satisfaction analysis report: the figures recomputed here from the fixture records, every
table adding up to its totals, exports, and the approval workflow per role."""

import csv
import io
from collections import defaultdict

import pytest
from django.utils import timezone

from helpdesk.quality.models import Rating, RatingLink
from helpdesk.quality.survey_models import SurveyCampaign, SurveyInvite, SurveyResponse
from tests.factories import CustomerFactory, UserFactory, WorkItemFactory

pytestmark = pytest.mark.django_db

ANALYSIS = "/api/v1/quality/satisfaction/"
REPORTS = "/api/v1/quality/satisfaction/reports/"


def month() -> str:
    return timezone.localdate().strftime("%Y-%m")


@pytest.fixture
def rated(queue, other_queue, agent, agent2):
    """Items of two queues and kinds, handled by two agents (one by nobody), some rated."""
    plan = [
        (queue, agent, "ticket", 5),
        (queue, agent, "ticket", 4),
        (queue, agent2, "chat", 2),
        (other_queue, agent2, "ticket", 5),
        (other_queue, None, "chat", 1),
        (queue, agent, "ticket", None),  # issued, not rated
        (other_queue, agent2, "chat", None),
    ]
    ratings = []
    for n, (q, who, kind, score) in enumerate(plan):
        item = WorkItemFactory(queue=q, assignee=who, kind=kind)
        RatingLink.objects.create(item=item, token=f"t{n}")
        if score is not None:
            ratings.append(Rating.objects.create(item=item, score=score, source="link"))
    return ratings


@pytest.fixture
def campaign(db):
    campaign = SurveyCampaign.objects.create(
        name="Annual", deadline=timezone.now() + timezone.timedelta(days=5), status="open"
    )
    answers = [(5, 3, 4, "Great"), (4, 2, 4, ""), (3, 3, 3, "Too pricey")]
    for n, (service, price, overall, comment) in enumerate(answers):
        invite = SurveyInvite.objects.create(
            campaign=campaign,
            customer=CustomerFactory(),
            email=f"a{n}@example.test",
            token=f"s{n}",
            sent_at=timezone.now(),
            answered_at=timezone.now(),
        )
        SurveyResponse.objects.create(
            invite=invite,
            campaign=campaign,
            service=service,
            price=price,
            overall=overall,
            comment=comment,
        )
    SurveyInvite.objects.create(
        campaign=campaign, customer=CustomerFactory(), email="x@example.test", token="s9"
    )
    return campaign


def expected_by(ratings, key):
    groups = defaultdict(list)
    for rating in ratings:
        groups[key(rating)].append(rating.score)
    return {
        k: (len(v), round(sum(v) / len(v), 2), [v.count(n) for n in (1, 2, 3, 4, 5)])
        for k, v in groups.items()
    }


def shown_by(rows):
    return {
        r["key"]: (r["count"], r["average"], [r[f"s{n}"] for n in (1, 2, 3, 4, 5)]) for r in rows
    }


def test_the_figures_match_an_independent_count_and_every_table_adds_up(
    client_for, supervisor, rated, campaign
):
    response = client_for(supervisor).get(ANALYSIS, {"month": month(), "campaign": campaign.pk})

    assert response.status_code == 200, response.content
    figures = response.json()["ratings"]
    assert (figures["links_issued"], figures["links_rated"]) == (7, 5)
    assert figures["response_rate"] == round(5 / 7, 4)
    scores = [r.score for r in rated]
    assert figures["totals"]["count"] == 5
    assert figures["totals"]["average"] == round(sum(scores) / 5, 2)
    assert shown_by(figures["by"]["queue"]) == expected_by(rated, lambda r: r.item.queue_id)
    assert shown_by(figures["by"]["agent"]) == expected_by(rated, lambda r: r.item.assignee_id)
    assert shown_by(figures["by"]["kind"]) == expected_by(rated, lambda r: r.item.kind)
    for table, rows in figures["by"].items():
        assert sum(r["count"] for r in rows) == figures["totals"]["count"], table
        for n in (1, 2, 3, 4, 5):
            assert sum(r[f"s{n}"] for r in rows) == figures["totals"][f"s{n}"], table
    today = timezone.localdate().isoformat()
    assert [r["key"] for r in figures["by"]["day"]] == [today]
    nobody = [r for r in figures["by"]["agent"] if r["key"] is None]
    assert nobody[0]["label"] == "Nobody" and nobody[0]["count"] == 1

    survey = response.json()["campaign"]
    assert (survey["invited"], survey["sent"], survey["answered"]) == (4, 3, 3)
    assert survey["response_rate"] == 0.75
    averages = {q["key"]: q["average"] for q in survey["questions"]}
    assert averages == {"service": 4.0, "price": round(8 / 3, 2), "overall": round(11 / 3, 2)}
    assert sorted(c["text"] for c in survey["comments"]) == ["Great", "Too pricey"]


def test_a_period_without_ratings_has_no_rate_and_empty_tables(client_for, manager):
    response = client_for(manager).get(ANALYSIS, {"from": "2020-01-01", "to": "2020-01-31"})

    assert response.status_code == 200, response.content
    figures = response.json()["ratings"]
    assert (figures["links_issued"], figures["response_rate"]) == (0, None)
    assert figures["by"]["queue"] == []


@pytest.mark.parametrize(
    "params",
    [{}, {"month": "2025-13"}, {"from": "2025-02-01", "to": "2025-01-01"}, {"output": "pdf"}],
)
def test_a_bad_period_or_output_is_refused(client_for, manager, params):
    params = {"month": month(), **params} if "output" in params else params

    response = client_for(manager).get(ANALYSIS, params)

    assert response.status_code == 400


def test_the_queue_table_exports_as_csv_with_its_totals(client_for, supervisor, rated, queue):
    response = client_for(supervisor).get(
        ANALYSIS, {"month": month(), "output": "csv", "table": "queue"}
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Queue", "Ratings", "Average"]
    body, totals = rows[1:-1], rows[-1]
    assert {r[0]: int(r[1]) for r in body} == {"Support": 3, "Billing": 2}
    assert int(totals[1]) == sum(int(r[1]) for r in body) == 5


def test_the_analysis_is_refused_to_agents(client_for, agent):
    assert client_for(agent).get(ANALYSIS, {"month": month()}).status_code == 403


# --- the workflow ----------------------------------------------------------------------------------


def draft(client, **extra):
    body = {"month": month(), "summary": "Scores held up; prices worry customers.", **extra}
    response = client.post(REPORTS, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_supervisor_drafts_and_submits_and_the_figures_are_frozen(
    client_for, supervisor, rated, queue
):
    client = client_for(supervisor)
    report = draft(client, actions="Call every customer who rated 1 or 2.")

    submitted = client.post(f"{REPORTS}{report['id']}/submit/")
    # A rating given after submission changes the live analysis, not the submitted report.
    late = WorkItemFactory(queue=queue)
    Rating.objects.create(item=late, score=1, source="link")
    shown = client.get(f"{REPORTS}{report['id']}/").json()

    assert submitted.status_code == 200, submitted.content
    assert shown["status"] == "submitted" and shown["frozen"] is True
    assert shown["figures"]["ratings"]["totals"]["count"] == 5
    assert client.get(ANALYSIS, {"month": month()}).json()["ratings"]["totals"]["count"] == 6
    assert shown["submitted_by"] == supervisor.name


def test_a_manager_publishes_and_every_role_reads_it(client_for, supervisor, manager):
    report = draft(client_for(supervisor))
    client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")

    published = client_for(manager).post(f"{REPORTS}{report['id']}/publish/")

    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["published_by"] == manager.name
    for role in ["agent", "complaint_handler", "order_handler"]:
        reader = client_for(UserFactory(roles=[role]))
        assert [r["id"] for r in reader.get(REPORTS).json()] == [report["id"]]
        assert reader.get(f"{REPORTS}{report['id']}/").status_code == 200


def test_a_manager_sends_back_with_a_reason_and_it_can_be_edited_and_resubmitted(
    client_for, supervisor, manager
):
    report = draft(client_for(supervisor))
    client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")

    returned = client_for(manager).post(
        f"{REPORTS}{report['id']}/send-back/", {"reason": "Add the price findings."}, format="json"
    )
    edited = client_for(supervisor).patch(
        f"{REPORTS}{report['id']}/", {"summary": "Prices: see actions."}, format="json"
    )
    again = client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")

    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    event = next(e for e in returned.json()["events"] if e["verb"] == "returned")
    assert (event["actor"], event["reason"]) == (manager.name, "Add the price findings.")
    assert edited.status_code == 200 and edited.json()["summary"] == "Prices: see actions."
    assert again.status_code == 200 and again.json()["status"] == "submitted"


def test_drafts_are_hidden_from_roles_without_survey_manage(client_for, supervisor, agent):
    report = draft(client_for(supervisor))

    assert client_for(agent).get(REPORTS).json() == []
    assert client_for(agent).get(f"{REPORTS}{report['id']}/").status_code == 404


def test_a_supervisor_cannot_publish_or_send_back(client_for, supervisor):
    report = draft(client_for(supervisor))
    client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")

    assert client_for(supervisor).post(f"{REPORTS}{report['id']}/publish/").status_code == 403
    refused = client_for(supervisor).post(
        f"{REPORTS}{report['id']}/send-back/", {"reason": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_wrong_transitions_are_conflicts_with_a_clear_code(client_for, supervisor, manager):
    client = client_for(manager)
    report = draft(client)

    publish_draft = client.post(f"{REPORTS}{report['id']}/publish/")
    client.post(f"{REPORTS}{report['id']}/submit/")
    submit_twice = client.post(f"{REPORTS}{report['id']}/submit/")
    edit_submitted = client.patch(f"{REPORTS}{report['id']}/", {"summary": "x"}, format="json")
    client.post(f"{REPORTS}{report['id']}/publish/")
    send_back_published = client.post(
        f"{REPORTS}{report['id']}/send-back/", {"reason": "late"}, format="json"
    )

    assert (publish_draft.status_code, publish_draft.json()["code"]) == (
        409,
        "report_not_submitted",
    )
    assert (submit_twice.status_code, submit_twice.json()["code"]) == (409, "report_not_editable")
    assert (edit_submitted.status_code, edit_submitted.json()["code"]) == (
        409,
        "report_not_editable",
    )
    assert send_back_published.json()["code"] == "report_not_submitted"


def test_a_report_without_a_summary_cannot_be_submitted(client_for, supervisor):
    report = draft(client_for(supervisor), summary="")

    response = client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")

    assert response.status_code == 400 and response.json()["code"] == "summary_required"


def test_a_published_report_exports_its_frozen_rows_only_with_report_export(
    client_for, supervisor, manager, agent, rated
):
    report = draft(client_for(supervisor))
    client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")
    client_for(manager).post(f"{REPORTS}{report['id']}/publish/")
    url = f"{REPORTS}{report['id']}/"

    allowed = client_for(manager).get(url, {"output": "xlsx", "table": "agent"})
    refused = client_for(agent).get(url, {"output": "csv"})

    assert allowed.status_code == 200 and allowed.content[:2] == b"PK"
    assert refused.status_code == 403


def test_the_report_list_costs_a_fixed_number_of_queries(
    client_for, supervisor, manager, django_assert_num_queries
):
    for n in range(3):
        report = draft(client_for(supervisor), title=f"Report {n}")
        client_for(supervisor).post(f"{REPORTS}{report['id']}/submit/")
    client = client_for(manager)

    with django_assert_num_queries(4):  # session, user, roles, reports with their people
        response = client.get(REPORTS)

    assert [r["title"] for r in response.json()] == ["Report 2", "Report 1", "Report 0"]
