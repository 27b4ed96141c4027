#!/usr/bin/env python3
"""A burst of critical requests on an idle server: bench/overload/burst.py BASE_URL [REQUESTS] [TRIES]

Per try: an organizer publishes a trip with REQUESTS seats (100 by default), REQUESTS travellers ask to join it, and
then the organizer's REQUESTS acceptances (critical requests) are sent at once, each on a connection of its own,
released together. Reports per try the application's concurrency limit just before the burst (yuelv.overload.limit),
how many were answered 200, how many were shed (503) and anything else (no answer included), with the burst's p50
and longest latency. Start the application first with the rate limits and the login throttle out of
the way, so that only admission is measured, e.g.
  java -jar target/yuelv-*.jar --yuelv.rate-limits.enabled=false --yuelv.identity.login-throttle.per-address=1000000
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

base = sys.argv[1].rstrip("/")
requests = int(sys.argv[2]) if len(sys.argv) > 2 else 100
tries = int(sys.argv[3]) if len(sys.argv) > 3 else 6
PASSWORD = "correct horse battery staple 42"


def call(method, path, body=None, token=None):
    """One request; returns the status and the parsed body (None if empty or not JSON)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, OSError):
        return 0, None  # no answer: reset, refused or timed out


def account(name):
    email = f"{name}@bench.yuelv.test"
    call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": name[:20]})
    status, body = call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    if status != 200:
        raise SystemExit(f"could not sign in {email}: {status}")
    return body["accessToken"]


def limit():
    with urllib.request.urlopen(base + "/actuator/prometheus", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("yuelv_overload_limit"):
                return int(float(line.split()[-1]))
    raise SystemExit("no yuelv_overload_limit in /actuator/prometheus")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


unique = uuid.uuid4().hex[:8]
organizer = account(f"burst-org-{unique}")
with ThreadPoolExecutor(8) as pool:
    travellers = list(pool.map(lambda i: account(f"burst-{i}-{unique}"), range(requests)))

print("| try | limit before | accepted (200) | shed (503) | other | p50 | longest |")
print("|---|---|---|---|---|---|---|")
for attempt in range(1, tries + 1):
    status, trip = call("POST", "/api/v1/trips", {
        "title": {"en": f"Burst {unique} {attempt}"}, "destination": "Dali", "startDate": "2027-05-01",
        "endDate": "2027-05-04", "seats": requests, "budget": {"amount": 0, "currency": "CNY"}, "languages": ["en"],
        "stops": [{"placeName": "Dali", "latitude": 25.69, "longitude": 100.16, "day": 1}]}, token=organizer)
    if status != 201 and status != 200:
        raise SystemExit(f"could not create the trip: {status}")
    call("POST", f"/api/v1/trips/{trip['id']}/publication", token=organizer)
    with ThreadPoolExecutor(8) as pool:
        asked = list(pool.map(lambda token: call("POST", f"/api/v1/trips/{trip['id']}/join-requests", {},
                                                 token=token), travellers))
    ids = [body["id"] for status, body in asked if body and "id" in body]
    if len(ids) != requests:
        raise SystemExit(f"only {len(ids)} of {requests} join requests were made")
    time.sleep(2)  # idle again before the burst

    before = limit()
    go = threading.Barrier(requests)

    def accept(request_id):
        go.wait()
        started = time.perf_counter()
        status, _ = call("POST", f"/api/v1/join-requests/{request_id}/acceptance", {}, token=organizer)
        return status, (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(requests) as pool:
        outcomes = list(pool.map(accept, ids))
    statuses = [status for status, _ in outcomes]
    latencies = [millis for _, millis in outcomes]
    accepted = statuses.count(200)
    shed = statuses.count(503)
    print(f"| {attempt} | {before} | {accepted} | {shed} | {requests - accepted - shed} | {percentile(latencies, 0.5):.0f} ms "
          f"| {max(latencies):.0f} ms |")
