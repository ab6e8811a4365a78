"""Erlang C: how many agents an interval needs to answer its contacts in time.

The textbook model of a queue with ``N`` agents, Poisson arrivals and exponential handling:
traffic ``A = contacts × handling time / interval`` (in Erlangs); the probability that a contact
waits is Erlang C(N, A); the service level (answered within ``t`` seconds) is
``1 − C · e^(−(N − A)·t / AHT)``; the average speed of answer is ``C · AHT / (N − A)``.

Chats count with their concurrency: an agent who holds ``k`` chats at once serves ``k`` times the
traffic, so the chat traffic is divided by ``k`` (the usual approximation).

Erlang C is computed through the Erlang B recursion (``B(0) = 1``, ``B(n) = A·B / (n + A·B)``),
which stays stable for hundreds of agents where the factorial formula overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_AGENTS = 2000


@dataclass(frozen=True)
class Demand:
    contacts: float  # arriving in one interval
    interval_seconds: int = 1800
    handling_seconds: float = 180.0  # average handling time (talk + wrap-up)
    target_answer_seconds: float = 20.0
    target_service_level: float = 0.8  # answered within the target time
    shrinkage: float = 0.3  # share of paid time not on contacts (breaks, training, leave)
    max_occupancy: float = 0.85  # at most this share of an agent's time on contacts
    concurrency: int = 1  # contacts an agent handles at once (chats)


@dataclass(frozen=True)
class Staffing:
    traffic_erlangs: float
    raw_agents: int  # on the floor, answering
    scheduled_agents: int  # rostered, after shrinkage
    service_level: float  # achieved with raw_agents
    occupancy: float
    probability_of_waiting: float
    average_speed_of_answer: float  # seconds


def erlang_c(agents: int, traffic: float) -> float:
    """The probability that a contact waits (1.0 when the agents cannot keep up)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return agents * b / (agents - traffic * (1 - b))


def service_level(agents: int, traffic: float, handling: float, target: float) -> float:
    if traffic <= 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    return 1 - erlang_c(agents, traffic) * math.exp(-(agents - traffic) * target / handling)


def average_speed_of_answer(agents: int, traffic: float, handling: float) -> float:
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return math.inf
    return erlang_c(agents, traffic) * handling / (agents - traffic)


def staffing(demand: Demand) -> Staffing:
    """The fewest agents that meet the service level within the occupancy cap, and what they
    achieve. ``ValueError`` when even ``MAX_AGENTS`` cannot."""
    traffic = demand.contacts * demand.handling_seconds / demand.interval_seconds
    traffic /= max(demand.concurrency, 1)
    if traffic <= 0:
        return Staffing(0.0, 0, 0, 1.0, 0.0, 0.0, 0.0)
    handling = demand.handling_seconds
    # Occupancy A/N must stay under the cap, and N must exceed A for the queue to be stable.
    agents = max(math.floor(traffic) + 1, math.ceil(traffic / demand.max_occupancy - 1e-9))
    if agents > MAX_AGENTS:
        raise ValueError("demand beyond what the calculator staffs")
    while (
        service_level(agents, traffic, handling, demand.target_answer_seconds)
        < demand.target_service_level
    ):
        agents += 1
        if agents > MAX_AGENTS:
            raise ValueError("demand beyond what the calculator staffs")
    scheduled = math.ceil(agents / (1 - demand.shrinkage) - 1e-9)
    return Staffing(
        traffic_erlangs=traffic,
        raw_agents=agents,
        scheduled_agents=scheduled,
        service_level=service_level(agents, traffic, handling, demand.target_answer_seconds),
        occupancy=traffic / agents,
        probability_of_waiting=erlang_c(agents, traffic),
        average_speed_of_answer=average_speed_of_answer(agents, traffic, handling),
    )
