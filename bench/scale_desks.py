"""The scale bench's chat desks: ``DESKS`` agents of the bench chat queue, played over HTTP
through the front proxy, as the agents' console does it: online (the presence call is their
heartbeat), the waiting list read every second, every chat offered to them accepted, every
active chat of theirs ended once accepted. They run in a thread of their own from before the
load until the checks are done, so a chat a visitor started late (or whose offer a fault lost,
and the re-offer sweep made again) is still taken up; the checks then count the chats of the
configuration still waiting.

Used by bench/scale_bench.py.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

import httpx


class Desks(threading.Thread):
    def __init__(self, base_url: str, data: dict):
        super().__init__(daemon=True)
        self.base, self.data = base_url, data
        self.halt = threading.Event()
        self.counts: Counter = Counter()

    def run(self) -> None:
        asyncio.run(self._all())

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=30)

    async def _all(self) -> None:
        await asyncio.gather(*(self._desk(desk) for desk in self.data["desks"]))

    async def _desk(self, desk: dict) -> None:
        headers = {"Authorization": f"Token {desk['token']}"}
        queue = self.data["chat_queue_id"]
        async with httpx.AsyncClient(base_url=self.base, timeout=10, headers=headers) as client:
            while not self.halt.is_set():
                try:
                    await self._turn(client, desk["user"], queue)
                except (httpx.HTTPError, ValueError) as exc:
                    self.counts[f"error {type(exc).__name__}"] += 1
                await asyncio.sleep(1.0)

    async def _mine(self, client: httpx.AsyncClient, user: int, queue: int, state: str) -> list:
        params = {"state": state, "queue": queue, "page_size": 200}
        response = await client.get("/api/v1/chat/conversations/", params=params)
        if response.status_code != 200:
            self.counts[f"list {response.status_code}"] += 1
            return []
        rows = response.json()["results"]
        return [row["id"] for row in rows if (row.get("agent") or {}).get("id") == user]

    async def _turn(self, client: httpx.AsyncClient, user: int, queue: int) -> None:
        response = await client.post("/api/v1/chat/presence/", json={"status": "online"})
        if response.status_code != 200:
            self.counts[f"presence {response.status_code}"] += 1
        for conversation in await self._mine(client, user, queue, "waiting"):
            response = await client.post(f"/api/v1/chat/conversations/{conversation}/accept/")
            self.counts["accepted" if response.status_code == 200 else "accept refused"] += 1
        for conversation in await self._mine(client, user, queue, "active"):
            response = await client.post(f"/api/v1/chat/conversations/{conversation}/end/")
            self.counts["ended" if response.status_code == 200 else "end refused"] += 1
