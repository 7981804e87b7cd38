"""Writing while reading: readers over the page mix while authors save their drafts in the admin,
then an editor publishes one draft.

A draft's save moves no content version (reports.caching), so the readers should go on being
served from the page cache: a response whose ETag is the one its URL had before the writers
started is a response of the same version, kept whole. Publishing moves the version, so the very
next request of every page that shows the report must show it.

Readers are threads with a keep-alive connection each, waiting 50-200 ms between requests as
bench/loadtest.py's do. Authors are contributor accounts with a draft each, signed in through the
admin's login form; every save is what a browser sends: the change form as the page has it (CSRF
token and the form's `loaded_version` included) with a new introduction, posted back.
"""

import http.client
import random
import re
import secrets
import statistics
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlparse

import requests

from bench.harness import fetch

READERS = 16
READER_WAIT_SECONDS = (0.05, 0.2)
AUTHORS = 5
SAVE_EVERY_SECONDS = 2
DRAFT_SLUG = "bench-draft-{}"
HTTP_TIMEOUT = 30
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# -- Accounts and drafts (in this process, before the server starts) ---------------------------


def prepare_authors(summit, tag):
    """Five contributors, each with an Author profile and a draft of three write-ups at `summit`,
    tagged `tag`; answer [(username, password, report)]. Drafts of an earlier run are replaced
    (one of them was published)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from reports.models import Author, Report, ReportAuthor, Session, WriteUp

    Report.objects.filter(slug__startswith=DRAFT_SLUG.format("")).delete()
    contributors = Group.objects.get(name="Contributor")
    sessions = list(Session.objects.filter(summit=summit).order_by("pk")[:3])
    accounts = []
    for number in range(1, AUTHORS + 1):
        password = secrets.token_urlsafe(16)
        user, _ = get_user_model().objects.get_or_create(username=f"bench-author-{number}")
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(contributors)
        author, _ = Author.objects.get_or_create(
            user=user, defaults={"display_name": f"Bench Author {number}", "slug": f"bench-author-{number}"}
        )
        report = Report.objects.create(
            summit=summit,
            title=f"Writing while reading, draft {number}",
            slug=DRAFT_SLUG.format(number),
            summary="Saved every two seconds while readers read.",
            introduction="Not saved yet.",
        )
        ReportAuthor.objects.create(report=report, author=author)
        report.tags.set([tag.name])
        for order, session in enumerate(sessions):
            writeup = WriteUp.objects.create(report=report, session=session, author=author, order=order, body="Notes.")
            writeup.tags.set([tag.name])
        accounts.append((user.username, password, report))
    return accounts


def prepare_editor():
    """The editor who publishes (a superuser, as the admin figures are taken); answer the password."""
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return user.username, password


# -- The admin as a browser uses it -------------------------------------------------------------


class FormFields(HTMLParser):
    """The (name, value) pairs a browser submits from the form with id `form_id`: inputs (checked
    boxes only, no buttons or files), textareas, and the chosen options of selects."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.in_form, self.pairs = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form:
            return
        if tag == "option" and self.select is not None:
            self.option(attrs)
        elif tag == "input" and attrs.get("name"):
            self.input(attrs)
        elif tag == "select" and attrs.get("name"):
            # [name, several values allowed, first option's value, whether an option was chosen]
            self.select = [attrs["name"], "multiple" in attrs, None, False]
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], ""]

    def input(self, attrs):
        kind = attrs.get("type", "text")
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.pairs.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))

    def option(self, attrs):
        if self.select[2] is None:
            self.select[2] = attrs.get("value", "")
        if "selected" in attrs:
            self.pairs.append((self.select[0], attrs.get("value", "")))
            self.select[3] = True

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            name, multiple, first, chosen = self.select
            if not multiple and not chosen and first is not None:
                self.pairs.append((name, first))  # a single select with nothing marked sends its first option
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>, as Django writes it.
            self.pairs.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.pairs


class AdminUser:
    """One signed-in admin user, with a session cookie and a CSRF token like a browser's."""

    def __init__(self, base, username, password):
        self.base, self.session = base, requests.Session()
        page = self.session.get(f"{base}/admin/login/", timeout=HTTP_TIMEOUT)
        response = self.session.post(
            f"{base}/admin/login/?next=/admin/",
            {"username": username, "password": password, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)},
            allow_redirects=False,
            timeout=HTTP_TIMEOUT,
        )
        if response.status_code != 302:
            raise SystemExit(f"bench: {username} could not sign in to the admin ({response.status_code})")

    def save_draft(self, report_id, introduction):
        """GET the change page, change the introduction, POST the form back ("save and continue");
        answer whether the save went through."""
        path = f"/admin/reports/report/{report_id}/change/"
        page = self.session.get(self.base + path, timeout=HTTP_TIMEOUT)
        fields = [(name, value) for name, value in form_fields(page.text, "report_form") if name != "introduction"]
        fields += [("introduction", introduction), ("_continue", "Save and continue editing")]
        response = self.session.post(self.base + path, fields, allow_redirects=False, timeout=HTTP_TIMEOUT)
        # A form with errors (a refused stale save among them) is answered 200, with the form again.
        return response.status_code == 302 and urlparse(response.headers["Location"]).path == path

    def publish(self, report_id):
        """The change list's "publish" action on one report; answer whether the admin confirmed it."""
        listing = self.session.get(f"{self.base}/admin/reports/report/?status__exact=draft", timeout=HTTP_TIMEOUT)
        data = {
            "action": "publish",
            "_selected_action": [report_id],
            "index": "0",
            "select_across": "0",
            "csrfmiddlewaretoken": CSRF.search(listing.text).group(1),
        }
        response = self.session.post(f"{self.base}/admin/reports/report/", data, timeout=HTTP_TIMEOUT)
        return "Published 1 report" in response.text


# -- Readers and writers ------------------------------------------------------------------------


def read(base, paths, seconds, seed):
    """One reader: [(path, ms, status, ETag)] of its requests, over one keep-alive connection."""
    address = urlparse(base)
    rng, responses = random.Random(seed), []
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=HTTP_TIMEOUT)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            responses.append(
                (path, (time.perf_counter() - started) * 1000, response.status, response.getheader("ETag"))
            )
        except (OSError, http.client.HTTPException):
            responses.append((path, (time.perf_counter() - started) * 1000, None, None))
            connection.close()
        time.sleep(rng.uniform(*READER_WAIT_SECONDS))
    connection.close()
    return responses


def write(user, report_id, seconds, offset, saves):
    """One author: a save of the draft every SAVE_EVERY_SECONDS, appending (ok, seconds) to `saves`."""
    started = time.monotonic() + offset
    for number in range(int((seconds - offset) // SAVE_EVERY_SECONDS) + 1):
        time.sleep(max(0.0, started + number * SAVE_EVERY_SECONDS - time.monotonic()))
        if time.monotonic() - started >= seconds - offset:
            break
        began = time.perf_counter()
        try:
            ok = user.save_draft(report_id, f"Saved at {time.strftime('%H:%M:%S')}, save number {number}.")
        except requests.RequestException:
            ok = False
        saves.append((ok, time.perf_counter() - began))


def in_threads(jobs):
    """Run each (function, args) in a thread of its own; answer their results, in order."""
    results = [None] * len(jobs)

    def run(index, function, args):
        results[index] = function(*args)

    threads = [threading.Thread(target=run, args=(index, *job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def reader_figures(responses, seconds, etags_before):
    """Requests/s, p50, p99 (ms), errors and the share of responses of the version before."""
    timings = sorted(ms for _, ms, _, _ in responses)
    kept = sum(1 for path, _, status, etag in responses if status == 200 and etag == etags_before[path])
    return {
        "rps": len(responses) / seconds,
        "p50": statistics.median(timings),
        "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        "errors": sum(1 for _, _, status, _ in responses if status != 200),
        "hits": kept / len(responses),
    }


def read_while(base, paths, seconds, writers=()):
    """READERS readers for `seconds`, alongside `writers` ((AdminUser, report id) each saving
    their draft): the readers' figures, and the saves [(ok, seconds)]."""
    etags_before = {path: fetch(base + path)[1].get("ETag") for path in paths}
    saves = []
    jobs = [(read, (base, paths, seconds, seed)) for seed in range(READERS)]
    jobs += [
        (write, (user, report_id, seconds, index * SAVE_EVERY_SECONDS / len(writers), saves))
        for index, (user, report_id) in enumerate(writers)
    ]
    results = in_threads(jobs)
    responses = [response for result in results[:READERS] for response in result]
    return reader_figures(responses, seconds, etags_before), saves


def shown_after_publishing(editor, report, pages):
    """Publish `report` as `editor`; answer {page name: whether its very next request shows it}."""
    if not editor.publish(report.pk):
        raise SystemExit("bench: the admin did not confirm publishing the draft")
    return {name: report.title.encode() in fetch(editor.base + path)[2] for name, path in pages.items()}
