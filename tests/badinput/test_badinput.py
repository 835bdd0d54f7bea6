"""Every URL of the URL conf and every page route, as visitor, member and staff, with garbage in
the path, the query and the body, by every method: no request may answer with a 5xx."""

from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable

import pytest

from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client

from community.models import Membership
from tests.badinput import garbage
from tests.factories import MemberFactory

HOST = "localhost:8000"

# Wagtail's admin faults on garbage (chooser ids, chooser create/, the external link, the image
# tag filter, the root page's position, log-in ?next=, chooser widgets, the failwhale page) are
# answered by loket.core.guards with a 404 or a Dutch 400; no 5xx is allowed anywhere.


def _where(exc: BaseException) -> str:
    """The last frame of the project's own code the exception passed, if any."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if "site-packages" not in f.filename and "/tests/" not in f.filename
    ]
    return f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else " (in a library)"


class Walker:
    """Sends the requests of one role and keeps the statuses and the failures."""

    def __init__(self, role: str, user=None):
        self.role = role
        self.user = user
        self.client = Client(HTTP_HOST=HOST)
        self.csrf_client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
        self.statuses: Counter[str] = Counter()
        self.failures: list[str] = []
        self.sent = 0

    def _logged_in(self, client: Client) -> None:
        if self.user is not None and "_auth_user_id" not in client.session:
            client.force_login(self.user)

    def send(self, kind: str, path: str, call: Callable[[Client], object], csrf=False) -> object:
        client = self.csrf_client if csrf else self.client
        self._logged_in(client)
        self.sent += 1
        try:
            with transaction.atomic():
                response = call(client)
            status = response.status_code
            detail = ""
        except Exception as exc:  # noqa: BLE001 - an exception out of a view is the 500 we look for
            response, status = None, 500
            detail = f" {type(exc).__name__}: {str(exc)[:160]}{_where(exc)}"
        if status >= 500:
            self.failures.append(f"{kind} {path[:140]!r} as {self.role}: {status}{detail}")
        self.statuses[str(status)] += 1
        return response

    def walk(self, target: garbage.Target, index: int) -> None:
        """Send the garbage to one target, sampled where more requests prove nothing new: a
        visitor and a member only knock on the admin's door (GET, garbage query, 2**63 in the
        path, POST without CSRF: the admin answers every URL alike, a log-in redirect or a 403),
        and each admin URL gets two of the five garbage path values for staff, 2**63 always."""
        path = target.path
        bouncing = target.admin and self.role != "staff"
        response = self.send("GET", path, lambda c: c.get(path))
        names = []
        if response is not None and getattr(response, "status_code", 0) == 200:
            content = b"" if getattr(response, "streaming", False) else response.content
            names = garbage.form_fields(content)
        query = garbage.garbage_query(index)
        self.send("GET query", path, lambda c: c.get(f"{path}?{query}"))
        bad_paths = target.garbage_paths
        if bad_paths and bouncing:
            bad_paths = bad_paths[2:3]
        elif bad_paths and target.admin:
            bad_paths = (bad_paths[2], bad_paths[(0, 1, 3, 4)[index % 4]])
        for bad_path in bad_paths:
            self.send("GET bad path", bad_path, lambda c, bad=bad_path: c.get(bad))
        form = garbage.garbage_form(names, index)
        self.send("POST no CSRF", path, lambda c: c.post(path, form), csrf=True)
        if bouncing:
            return
        self.send("POST form", path, lambda c: c.post(path, form))
        self.send(
            "POST json",
            path,
            lambda c: c.post(path, '{"q": "\\u0000", "page": -1}', content_type="application/json"),
        )
        self.send(
            "POST multipart without boundary",
            path,
            lambda c: c.generic("POST", path, b"--x\r\n\x00", content_type="multipart/form-data"),
        )
        self.send("PUT", path, lambda c: c.put(path, "a=1", content_type="text/plain"))
        self.send("DELETE", path, lambda c: c.delete(path))


def _member():
    """A demo member (no staff) with a community membership, so member-only pages open."""
    membership = Membership.objects.filter(
        member__is_staff=False, member__is_superuser=False, status="lid"
    ).first()
    return membership.member if membership else MemberFactory()


def _staff():
    """A community manager of the staff: the Communitymanagers group, no superuser."""
    user = MemberFactory()
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    return user


def _run(role: str, summary) -> Walker:
    user = {"visitor": lambda: None, "member": _member, "staff": _staff}[role]()
    walker = Walker(role, user)
    targets = garbage.urlconf_targets() + garbage.page_targets(per_type=2)
    for index, target in enumerate(targets):
        walker.walk(target, index)
    summary[role] = walker.statuses
    return walker


def _check(walker: Walker) -> None:
    assert not walker.failures, f"{len(walker.failures)} requests gave a 5xx:\n" + "\n".join(
        walker.failures
    )


# On PostgreSQL, the production database (it found NUL bytes that SQLite takes in its stride);
# the default SQLite pass leaves it to ``make test-postgres`` to keep the quick pass quick.
@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("role", ["visitor", "member", "staff"])
def test_garbage_never_gives_a_5xx(seeded_demo, badinput_summary, role):
    _check(_run(role, summary=badinput_summary))
