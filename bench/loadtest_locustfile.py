"""Locust users for bench/loadtest.py: sixteen readers, and one editor publishing the prepared drafts.

Settings come from the environment the load test sets: LOAD_DRAFT_IDS, LOAD_TAG, LOAD_REPORT_URL,
LOAD_SUMMIT_URL, LOAD_SECONDS and the editor's LOAD_EDITOR / LOAD_EDITOR_PASSWORD.
"""

import os
import re
import time

from locust import HttpUser, between, constant, task

DRAFT_IDS = [int(pk) for pk in os.environ["LOAD_DRAFT_IDS"].split(",")]
TAG = os.environ["LOAD_TAG"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader(HttpUser):
    weight = 16
    wait_time = between(0.05, 0.2)

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(2)
    def summit(self):
        self.client.get(os.environ["LOAD_SUMMIT_URL"], name="summit")

    @task(2)
    def tag(self):
        self.client.get(f"/tags/{TAG}/", name="tag")

    @task(3)
    def report(self):
        self.client.get(os.environ["LOAD_REPORT_URL"], name="report")

    @task(2)
    def tag_feed(self):
        self.client.get(f"/tags/{TAG}/feed.atom", name="tag feed")


class Editor(HttpUser):
    """Signs in once, then publishes one draft at a time, evenly over the run."""

    fixed_count = 1
    wait_time = constant(0)

    def on_start(self):
        page = self.client.get("/admin/login/", name="admin login")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/admin/login/?next=/admin/",
            {
                "username": os.environ["LOAD_EDITOR"],
                "password": os.environ["LOAD_EDITOR_PASSWORD"],
                "csrfmiddlewaretoken": token,
            },
            name="admin login",
            allow_redirects=False,
        )
        assert response.status_code == 302, "the editor could not sign in"
        self.pending = list(DRAFT_IDS)
        self.interval = (float(os.environ["LOAD_SECONDS"]) - 5) / len(DRAFT_IDS)

    @task
    def publish_next(self):
        if not self.pending:
            time.sleep(1)
            return
        started = time.monotonic()
        listing = self.client.get("/admin/reports/report/?status__exact=review", name="admin report list")
        token = CSRF.search(listing.text).group(1)
        with self.client.post(
            "/admin/reports/report/",
            {
                "action": "publish",
                "_selected_action": [self.pending[0]],
                "index": "0",
                "select_across": "0",
                "csrfmiddlewaretoken": token,
            },
            name="admin publish",
            catch_response=True,
        ) as response:
            if "Published 1 report" in response.text:
                self.pending.pop(0)
                response.success()
            else:
                response.failure("the publish action did not confirm")
        time.sleep(max(0.0, self.interval - (time.monotonic() - started)))
