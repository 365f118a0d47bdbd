"""One page under load: each simulated client asks for BENCH_PATH again as soon as it has the
answer (no think time), with BENCH_COOKIE if given, and counts anything but a 200 as an error
(a redirect to the log-in page is a failure, not a fast page)."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "ru"}
if os.environ.get("BENCH_COOKIE"):
    HEADERS["Cookie"] = os.environ["BENCH_COOKIE"]


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def page(self):
        with self.client.get(
            PATH, headers=HEADERS, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
