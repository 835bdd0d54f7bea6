"""Fixtures shared by the whole suite."""

import os

import pytest
from pytest_django.fixtures import validate_django_db

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from loket.celery import app as celery_app
from loket.mail.models import OutgoingMail
from tests import demo_seed
from tests.factories import default_home
from tests.ports import worker_ports
from tests.workers import celery_worker, queue_name

# The fixtures that make a test transactional without a marker (pytest-django's own rule).
TRANSACTIONAL = frozenset({"transactional_db", "live_server"})


def pytest_configure(config):
    """With ``TEST_PORTS`` set, the browser tests' live server listens on the first port of this
    worker's slice of it (tests/ports.py); the controller of an xdist run starts no server."""
    controller = config.getoption("numprocesses", None) and not hasattr(config, "workerinput")
    ports = worker_ports()
    if ports is not None and not controller and not config.getoption("liveserver"):
        os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"localhost:{ports[0]}"


# pytest registers a conftest function as a hook only when its name starts with "pytest_"; the
# specname then says which hook it implements.
@pytest.hookimpl(tryfirst=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_restore_migration_data(items):
    """Every transactional test starts from what the migrations stored, whichever test flushed
    the database before it on this worker.

    A transactional test (``django_db(transaction=True)``, ``transactional_db``, ``live_server``:
    the browser and race tests) ends with a flush, which empties every table: the tree's roots,
    the default site and home, the locale, the themes, the staff groups and their grants, also
    the content types and permissions. pytest-django orders the tests so the non-transactional
    ones run first, so only transactional tests follow a flush; each of them is given
    ``serialized_rollback``: the test database's contents are serialized once per worker after
    migrating, and loaded again before each of these tests (its flush then skips post_migrate,
    whose content types and permissions come back with the rest). Before pytest-django reads
    the markers, so tryfirst."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transaction, reset_sequences, databases, serialized, available_apps = (
            validate_django_db(marker) if marker else (False, False, None, False, None)
        )
        transactional = (
            transaction
            or reset_sequences
            or not TRANSACTIONAL.isdisjoint(getattr(item, "fixturenames", ()))
        )
        if transactional and not serialized:
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True,
                    reset_sequences=reset_sequences,
                    databases=databases,
                    serialized_rollback=True,
                    available_apps=available_apps,
                ),
                append=False,
            )


@pytest.hookimpl(tryfirst=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_group_for_xdist(items):
    """For pytest-xdist (``--dist loadgroup``, in pyproject's addopts): the tests that read the
    seeded demo run on one worker, one after another, as do the tests with a real Celery worker
    (one at a time on the broker). Before xdist reads the groups, so tryfirst."""
    for item in items:
        if demo_seed.uses_seed(item):
            item.add_marker(pytest.mark.xdist_group(demo_seed.FIXTURE))
        elif item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("celery_worker"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Deselect, not skip, what proves nothing here: ``postgres`` tests off PostgreSQL, ``sqlite``
    tests on it and ``worker`` tests without a broker. The summary counts them as deselected.
    Then the tests that read the one seeded demo go together (after pytest-django's ordering)."""
    on_postgres = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
    has_broker = bool(os.environ.get("CELERY_BROKER_URL"))
    keep, drop = [], []
    for item in items:
        unfit = (
            (item.get_closest_marker("postgres") and not on_postgres)
            or (item.get_closest_marker("sqlite") and on_postgres)
            or (item.get_closest_marker("worker") and not (on_postgres and has_broker))
        )
        (drop if unfit else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    demo_seed.group_seed_users(items)


# The migrations' data as serialized for ``serialized_rollback`` after migrating, per alias.
_SERIALIZED = {}


def _keep_serialized_contents(item):
    """pytest-django keeps the serialized data on the connection object; a test that leaves a
    fresh connection object behind would take it away, and every transactional test after it
    on this worker would start empty (and its flush run post_migrate). Put it back."""
    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            _SERIALIZED.setdefault(alias, contents)
        elif alias in _SERIALIZED:
            connection._test_serialized_contents = _SERIALIZED[alias]
            item.warn(pytest.PytestWarning(f"serialized data of {alias!r} put back"))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_setup(item):
    _keep_serialized_contents(item)
    yield
    _keep_serialized_contents(item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test that reads the seeded demo, roll the seed back."""
    _keep_serialized_contents(item)
    yield
    if demo_seed.uses_seed(item) and not demo_seed.uses_seed(nextitem):
        demo_seed.SHARED.close()


@pytest.fixture(autouse=True)
def _fresh_query_log(monkeypatch):
    """Query counts that cannot come back as 0 == 0.

    ``CaptureQueriesContext`` (and pytest-django's ``django_assert_num_queries``) slice the
    connection's query log, which keeps at most 9,000 queries and is only emptied by a request
    made outside such a block. Once full, a block's slice is empty or short, and a test comparing
    two counts compares nothing. So every test starts with an empty log, and a block that ends
    with the log full fails loudly instead of counting wrong."""
    for connection in connections.all(initialized_only=True):
        connection.queries_log.clear()
    original_exit = CaptureQueriesContext.__exit__

    def checked_exit(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        limit = self.connection.queries_log.maxlen
        if exc_type is None and self.final_queries is not None and self.final_queries >= limit:
            raise AssertionError(
                f"The query log is full ({limit} queries): this count would be wrong. "
                "Capture fewer queries in one test, or count them with an execute wrapper."
            )
        return result

    monkeypatch.setattr(CaptureQueriesContext, "__exit__", checked_exit)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    """Each test writes uploads to its own folder and starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _seeded_demo_session(django_db_setup, django_db_blocker, tmp_path_factory):
    """Runs ``seed_demo`` once, in a transaction that the last test reading it rolls back."""
    yield demo_seed.SHARED.open(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    demo_seed.SHARED.close()


@pytest.fixture
def seeded_demo(_seeded_demo_session, db, settings):
    """The demo region as ``manage.py seed_demo`` builds it, seeded once for every test that asks
    (see tests/demo_seed.py); ``seeded_demo.output`` is what the command printed."""
    if demo_seed.SHARED.closed:
        pytest.fail("This test ran apart from the other tests that read the seeded demo.")
    settings.MEDIA_ROOT = _seeded_demo_session.media_root
    return _seeded_demo_session


@pytest.fixture
def home(db):
    """The default site's root page (apps with other needs override this fixture)."""
    return default_home()


@pytest.fixture
def outbox(db):
    """The outbox rows queued so far, oldest first, as a callable: ``outbox(**filters)``."""

    def rows(**filters):
        return list(OutgoingMail.objects.filter(**filters).order_by("pk"))

    return rows


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real ``celery worker`` process on the test database and the Redis broker.

    Eager mode only emulates Celery; this runs the task in another process, through the broker,
    reading rows the test committed. Needs PostgreSQL and CELERY_BROKER_URL (the CI's second pass).
    """
    mail_dir = tmp_path / "worker-mail"
    queue = queue_name()
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        with celery_worker(queue, tmp_path / "worker.log", mail_dir):
            yield {"mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
