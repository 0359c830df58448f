"""docker-compose.yml publishes PostgreSQL on 127.0.0.1 only, with password and port from the environment."""

from __future__ import annotations

import re

from support import REPO

COMPOSE = (REPO / "docker-compose.yml").read_text(encoding="utf-8")


def _uncommented() -> str:
    return "\n".join(line.split("#", 1)[0] for line in COMPOSE.splitlines())


def test_port_is_bound_to_localhost_and_taken_from_the_environment() -> None:
    ports = re.findall(r'^\s*-\s*"([^"]+)"\s*$', _uncommented().split("ports:", 1)[1].split("volumes:", 1)[0], re.M)
    assert ports == ["127.0.0.1:${POSTGRES_PORT:-5432}:5432"]


def test_password_comes_from_the_environment_with_the_old_default() -> None:
    assert re.search(r"^\s*POSTGRES_PASSWORD:\s*\$\{POSTGRES_PASSWORD:-minzheng\}\s*$", _uncommented(), re.M)
    assert "POSTGRES_PASSWORD: minzheng" not in _uncommented()
