"""Survey campaigns: sending invites each customer of the audience once (re-run safe), mails the
link; the public link's rules (forged, never issued, closed, past due, used, bad scores)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone

from helpdesk.quality.survey_models import SurveyCampaign, SurveyInvite, SurveyResponse
from helpdesk.quality.surveys import SALT, send_step
from tests.factories import ContactFactory, CustomerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db

SURVEYS = "/api/v1/quality/surveys/"


def link(token):
    return f"/api/v1/quality/survey/{token}/"


def customer_with_email(email, **kwargs):
    customer = CustomerFactory(**kwargs)
    ContactFactory(customer=customer, kind="email", value=email)
    return customer


def create_campaign(client, **extra):
    body = {
        "name": "Annual survey 2025",
        "intro": "Tell us how we did this year.",
        "deadline": (timezone.now() + dt.timedelta(days=14)).isoformat(),
        **extra,
    }
    response = client.post(SURVEYS, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def send(client, campaign_id, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"{SURVEYS}{campaign_id}/send/")


@pytest.fixture
def sent_campaign(client_for, supervisor, django_capture_on_commit_callbacks):
    """A campaign sent to one customer; returns (campaign json, invite)."""
    customer_with_email("wang@example.test", name="Wang Fang")
    client = client_for(supervisor)
    campaign = create_campaign(client)
    send(client, campaign["id"], django_capture_on_commit_callbacks)
    return campaign, SurveyInvite.objects.get(campaign_id=campaign["id"])


def answer(api, token, **body):
    body = {"service": 4, "price": 3, "overall": 5, **body}
    return api.post(link(token), body, format="json")


# --- campaigns -------------------------------------------------------------------------------------


def test_sending_invites_every_customer_with_an_email_once_and_mails_the_link(
    client_for, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.QUALITY_SURVEY_BATCH_SIZE = 2  # five customers: three batches
    emails = [f"c{n}@example.test" for n in range(5)]
    for email in emails:
        customer_with_email(email)
    ContactFactory(customer=CustomerFactory(), kind="phone")  # no email: not invited
    client = client_for(supervisor)
    campaign = create_campaign(client)

    response = send(client, campaign["id"], django_capture_on_commit_callbacks)

    assert response.status_code == 200, response.content
    invites = SurveyInvite.objects.filter(campaign_id=campaign["id"])
    assert sorted(i.email for i in invites) == emails
    assert sorted(m.to[0] for m in mail.outbox) == emails
    for message in mail.outbox:
        invite = invites.get(email=message.to[0])
        assert f"/survey/{invite.token}/" in message.body
        assert "Tell us how we did this year." in message.body
    shown = client.get(f"{SURVEYS}{campaign['id']}/").json()
    assert (shown["status"], shown["invited"], shown["sent"], shown["answered"]) == (
        "open",
        5,
        5,
        0,
    )


def test_running_the_send_again_invites_and_mails_nobody_twice(
    client_for, supervisor, django_capture_on_commit_callbacks
):
    customer_with_email("a@example.test")
    customer_with_email("b@example.test")
    client = client_for(supervisor)
    campaign = create_campaign(client)
    send(client, campaign["id"], django_capture_on_commit_callbacks)
    # The task is delivered again (at least once): still sending, as if interrupted.
    SurveyCampaign.objects.filter(pk=campaign["id"]).update(status="sending")
    customer_with_email("c@example.test")  # a new customer meanwhile

    send_step(campaign["id"])
    again = send(client, campaign["id"], django_capture_on_commit_callbacks)

    assert again.status_code == 409 and again.json()["code"] == "survey_already_sent"
    invites = SurveyInvite.objects.filter(campaign_id=campaign["id"])
    assert invites.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.test",
        "b@example.test",
        "c@example.test",
    ]


def test_a_campaign_can_be_limited_to_customers_served_in_a_queue_and_period(
    client_for, supervisor, queue, other_queue, django_capture_on_commit_callbacks
):
    served = customer_with_email("served@example.test")
    elsewhere = customer_with_email("elsewhere@example.test")
    customer_with_email("never@example.test")
    WorkItemFactory(queue=queue, customer=served)
    WorkItemFactory(queue=other_queue, customer=elsewhere)
    today = timezone.localdate()
    client = client_for(supervisor)
    campaign = create_campaign(
        client,
        queue=queue.pk,
        served_from=(today - dt.timedelta(days=7)).isoformat(),
        served_to=today.isoformat(),
    )

    send(client, campaign["id"], django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["served@example.test"]]


def test_a_deadline_in_the_past_is_refused(client_for, supervisor):
    response = client_for(supervisor).post(
        SURVEYS,
        {"name": "Late", "deadline": (timezone.now() - dt.timedelta(hours=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400 and "deadline" in response.json()["fields"]


def test_closing_twice_or_a_draft_is_a_conflict(client_for, supervisor, sent_campaign):
    campaign, _invite = sent_campaign
    client = client_for(supervisor)
    draft = create_campaign(client, name="Draft")

    closed = client.post(f"{SURVEYS}{campaign['id']}/close/")
    again = client.post(f"{SURVEYS}{campaign['id']}/close/")
    never_sent = client.post(f"{SURVEYS}{draft['id']}/close/")

    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert again.status_code == 409 and again.json()["code"] == "survey_already_closed"
    assert never_sent.status_code == 409 and never_sent.json()["code"] == "survey_not_sent"


@pytest.mark.parametrize("role", ["agent", "complaint_handler", "order_handler"])
def test_campaigns_are_only_for_supervisors_and_managers(client_for, role):
    from tests.factories import UserFactory

    response = client_for(UserFactory(roles=[role])).get(SURVEYS)

    assert response.status_code == 403


def test_the_campaign_list_costs_a_fixed_number_of_queries(
    client_for, manager, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    for n in range(3):
        customer_with_email(f"x{n}@example.test")
        campaign = create_campaign(client, name=f"Campaign {n}")
        send(client, campaign["id"], django_capture_on_commit_callbacks)

    with django_assert_num_queries(4):  # session, user, roles, campaigns with their counts
        response = client.get(SURVEYS)

    assert response.status_code == 200
    assert [(c["name"], c["invited"], c["sent"]) for c in response.json()] == [
        ("Campaign 2", 3, 3),
        ("Campaign 1", 2, 2),
        ("Campaign 0", 1, 1),
    ]


# --- the public link -------------------------------------------------------------------------------


def test_the_link_shows_the_intro_and_the_three_questions_without_signing_in(api, sent_campaign):
    _campaign, invite = sent_campaign

    response = api.get(link(invite.token))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Annual survey 2025"
    assert body["intro"] == "Tell us how we did this year."
    assert body["customer"] == "Wang Fang"
    assert [q["key"] for q in body["questions"]] == ["service", "price", "overall"]


def test_an_answer_is_taken_once_and_a_second_changes_nothing(
    api, client_for, supervisor, sent_campaign
):
    campaign, invite = sent_campaign

    first = answer(api, invite.token, comment="Fair prices")
    second = answer(api, invite.token, service=1, price=1, overall=1, comment="changed")
    looked = api.get(link(invite.token))

    assert first.status_code == 201, first.content
    assert second.status_code == 410 and second.json()["code"] == "link_used"
    assert looked.status_code == 410 and looked.json()["code"] == "link_used"
    saved = SurveyResponse.objects.get(invite=invite)
    assert (saved.service, saved.price, saved.overall, saved.comment) == (4, 3, 5, "Fair prices")
    shown = client_for(supervisor).get(f"{SURVEYS}{campaign['id']}/").json()
    assert (shown["answered"], shown["response_rate"]) == (1, 1.0)


def test_a_forged_or_damaged_link_is_invalid(api, sent_campaign):
    _campaign, invite = sent_campaign
    forged = signing.dumps({"s": invite.campaign_id, "c": invite.customer_id}, salt="other")

    for token in (forged, invite.token[:-2] + "xx"):
        response = answer(api, token)
        assert response.status_code == 400 and response.json()["code"] == "invalid_link"
    assert not SurveyResponse.objects.exists()


def test_a_signed_link_that_was_never_issued_is_not_found(api, sent_campaign):
    _campaign, invite = sent_campaign
    never = signing.dumps({"s": invite.campaign_id, "c": invite.customer_id + 999}, salt=SALT)

    assert api.get(link(never)).status_code == 404
    assert answer(api, never).status_code == 404


def test_a_link_past_the_deadline_is_closed(api, sent_campaign):
    _campaign, invite = sent_campaign

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15)):
        response = answer(api, invite.token)

    assert response.status_code == 410 and response.json()["code"] == "survey_closed"
    assert not SurveyResponse.objects.exists()


def test_a_link_of_a_closed_campaign_is_closed(api, client_for, supervisor, sent_campaign):
    campaign, invite = sent_campaign
    client_for(supervisor).post(f"{SURVEYS}{campaign['id']}/close/")

    response = answer(api, invite.token)

    assert response.status_code == 410 and response.json()["code"] == "survey_closed"


@pytest.mark.parametrize(
    "body", [{"service": 0}, {"price": 6}, {"overall": None}, {"service": "five"}]
)
def test_a_bad_score_is_refused_and_the_link_stays_usable(api, sent_campaign, body):
    _campaign, invite = sent_campaign

    refused = answer(api, invite.token, **body)
    accepted = answer(api, invite.token)

    assert refused.status_code == 400 and set(body) <= set(refused.json()["fields"])
    assert accepted.status_code == 201
