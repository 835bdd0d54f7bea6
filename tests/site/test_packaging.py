"""The site package is importable as ``loket`` by manage.py, pytest and celery, from anywhere."""

import subprocess
import sys
from pathlib import Path

import loket

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://u:p@mail.loket.example:587",
    "SITE_URL": "https://loket.example",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
}


def run(args, cwd):
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": str(Path(sys.executable).parent), "HOME": str(cwd)},
    )


def test_pytest_imports_the_package_from_the_site_folder():
    assert Path(loket.__file__).resolve() == PROJECT_DIR / "site" / "__init__.py"


def test_manage_py_imports_it():
    result = run([sys.executable, "manage.py", "check"], cwd=PROJECT_DIR)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_import_works_from_any_directory(tmp_path):
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'loket.settings.dev';"
        "django.setup(); import loket.urls, loket.settings.base as s; print(s.BASE_DIR)"
    )
    result = run([sys.executable, "-c", code], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == PROJECT_DIR


def test_celery_command_loads_the_app_and_django_settings(tmp_path):
    celery = Path(sys.executable).parent / "celery"
    result = run([str(celery), "-A", "loket", "report"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "TIME_ZONE: 'Europe/Amsterdam'" in result.stdout
    assert "resend-stuck-mail" in result.stdout


def test_production_settings_refuse_a_missing_secret_key(tmp_path):
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": str(Path(sys.executable).parent),
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "loket.settings.production",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        },
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": str(Path(sys.executable).parent),
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "loket.settings.production",
            "SECRET_KEY": "k" * 20 + "9Zq!x@4#pL%0^&*(vB)2_=+rT7yU1mN3cX5zA8sD6fG",
            **PRODUCTION_ENV,
            "ALLOWED_HOSTS": "loket.example",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_missing_services(tmp_path):
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": str(Path(sys.executable).parent),
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "loket.settings.production",
            "SECRET_KEY": "k" * 20 + "9Zq!x@4#pL%0^&*(vB)2_=+rT7yU1mN3cX5zA8sD6fG",
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        },
    )
    assert result.returncode != 0
    for name in ("CELERY_BROKER_URL", "EMAIL_URL", "SITE_URL", "CACHE_URL"):
        assert name in result.stderr


def test_every_package_of_the_project_is_in_the_wheel_list():
    """A new app's packages must be listed in pyproject.toml, or the built wheel can't import it
    (CI's wheel check found the fitheidscan missing only after the whole suite had run)."""
    import tomllib

    listed = set(
        tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["tool"]["setuptools"][
            "packages"
        ]
    )
    found = set()
    for folder, name in [
        ("site", "loket"),
        ("events", "events"),
        ("community", "community"),
        ("testimonials", "testimonials"),
        ("campaigns", "campaigns"),
    ]:
        root = PROJECT_DIR / folder
        for init in root.rglob("__init__.py"):
            parts = init.parent.relative_to(root).parts
            if "__pycache__" not in parts:
                found.add(".".join((name, *parts)))
    assert not sorted(found - listed), "add these to [tool.setuptools] packages"
