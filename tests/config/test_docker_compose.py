"""docker-compose.yml cannot be run here (no Docker engine), so check what can be checked."""

import ast
import importlib
import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_words(service):
    command = compose()["services"][service]["command"]
    text = command if isinstance(command, str) else " ".join(command)
    return shlex.split(text.replace("sh -c", "").strip().strip('"'))


def settings_read_from_environment():
    """Names passed to the env helpers (env, env_bool, env_int, env_list) in settings."""
    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            value = node.args[0].value
            helpers = ("env", "env_bool", "env_int", "env_list", "get")
            if called in helpers and isinstance(value, str) and value.isupper():
                names.add(value)
    return names


def test_the_stack_has_every_service_with_a_health_check():
    services = compose()["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
        assert service["healthcheck"]["test"], name


def test_data_lives_in_named_volumes():
    stack = compose()
    declared = set(stack["volumes"])
    used = {
        volume.split(":")[0]
        for service in stack["services"].values()
        for volume in service.get("volumes", [])
    }
    assert {"postgres", "redis", "media"} <= declared
    assert used <= declared


def test_web_runs_gunicorn_on_the_wsgi_application():
    words = command_words("web")
    target = words[words.index("gunicorn") + 1]
    module, attribute = target.split(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    assert "/helse/" in str(compose()["services"]["web"]["healthcheck"]["test"])


def test_worker_and_beat_point_at_the_celery_app():
    from celery import Celery
    from celery.app.utils import find_app

    for service in ("worker", "beat"):
        words = command_words(service)
        app = find_app(words[words.index("-A") + 1])
        assert isinstance(app, Celery), service
    beat = command_words("beat")
    scheduler = beat[beat.index("--scheduler") + 1]
    module, _, name = scheduler.partition(":")
    assert getattr(importlib.import_module(module), name)


def test_app_services_only_set_variables_the_settings_read():
    read = settings_read_from_environment()
    assert {"DATABASE_URL", "SECRET_KEY", "CELERY_BROKER_URL", "DEBUG", "ALLOWED_HOSTS"} <= read
    for service in APP_SERVICES:
        environment = compose()["services"][service]["environment"]
        unknown = set(environment) - read
        assert unknown == set(), f"{service} sets {unknown}, which the settings never read"


def test_database_url_points_at_the_postgres_service():
    environment = compose()["services"]["web"]["environment"]
    assert re.match(r"postgres://\w+:.*@postgres:5432/\w+", environment["DATABASE_URL"])
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379")


def test_dockerfile_serves_the_same_wsgi_application():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "config.wsgi:application"' in dockerfile
    assert "requirements.lock" in dockerfile
