#!/usr/bin/env python3
"""The end-to-end scenario, repeated, timed: bench/split/scenario.py BASE_URL [RUNS]

Each run: two travelers register and log in, one creates and publishes a trip, the other finds it through search,
asks to join, the organizer accepts, both inboxes show it, a nearby lookup finds the trip. Reports the p50 and p99 of
the whole scenario (waiting for search and the inboxes, polled every 50 ms, to catch up with the events) and of its
synchronous requests alone. Start the shape to measure first, e.g. with deploy/local/split.sh start [off-season], with
the rate limits raised: YUELV_SPLIT_ARGS="--yuelv.rate-limits.enabled=false"."""
import itertools
import json
import random
import sys
import time
import urllib.parse
import urllib.request
import uuid

base = sys.argv[1].rstrip("/")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
PASSWORD = "correct horse battery staple 42"
synchronous = 0.0


def call(method, path, body=None, token=None):
    global synchronous
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
    synchronous += time.perf_counter() - started
    return json.loads(text) if text else None


def until(check, what):
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise SystemExit("gave up waiting for " + what)


def account(name):
    email = f"{name}@bench.yuelv.test"
    call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": name[:20]})
    return call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})["accessToken"]


def kinds(token):
    return {item["kind"] for item in call("GET", "/api/v1/inbox", token=token)["items"]}


def scenario():
    unique = uuid.uuid4().hex[:8]
    # a place of its own around Dali, so that the nearby lookup finds this run's trip among those earlier runs left
    latitude, longitude = 25.69 + random.uniform(-0.5, 0.5), 100.16 + random.uniform(-0.5, 0.5)
    organizer, traveler = account("org-" + unique), account("tra-" + unique)
    trip = call("POST", "/api/v1/trips", {
        "title": {"zh": "洱海骑行 " + unique, "en": "Erhai ride " + unique}, "destination": "大理",
        "startDate": "2027-05-01", "endDate": "2027-05-04", "seats": 4,
        "budget": {"amount": 2500, "currency": "CNY"}, "languages": ["zh"],
        "stops": [{"placeName": "大理", "latitude": latitude, "longitude": longitude, "day": 1}]}, organizer)
    call("POST", f"/api/v1/trips/{trip['id']}/publication", token=organizer)
    query = urllib.parse.quote("Erhai ride " + unique)
    # each poll asks another question (another page size), so that no poll is answered from the edge's cache
    sizes = itertools.count()
    until(lambda: any(item["tripId"] == trip["id"] for item in call(
        "GET", "/api/v1/search/trips?q=%s&size=%d" % (query, 10 + next(sizes) % 41))["items"]), "search")
    request = call("POST", f"/api/v1/trips/{trip['id']}/join-requests", {"message": "一起去"}, traveler)
    call("POST", f"/api/v1/join-requests/{request['id']}/acceptance", {}, organizer)
    # a trip with a price holds the accepted traveller's seat until the share is paid (SEAT_HELD); a free one accepts
    until(lambda: {"TRIP_PUBLISHED", "JOIN_REQUESTED"} <= kinds(organizer)
          and {"JOIN_ACCEPTED", "SEAT_HELD"} & kinds(traveler), "the inboxes")
    # the edge keeps a nearby answer for its freshness (15 s): a new trip shows under another question at once
    radius = "1.%d" % random.randint(1, 10**6)
    until(lambda: any(item["tripId"] == trip["id"] for item in call(
        "GET", "/api/v1/nearby-trips?latitude=%.5f&longitude=%.5f&radiusKm=%s" % (latitude, longitude, radius))["items"]),
        "nearby trips")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


whole, sync = [], []
scenario()  # warm-up
for _ in range(runs):
    synchronous = 0.0
    started = time.perf_counter()
    scenario()
    whole.append((time.perf_counter() - started) * 1000)
    sync.append(synchronous * 1000)
print(f"{runs} scenarios against {base}")
print(f"  whole scenario:        p50 {percentile(whole, 50):7.0f} ms  p99 {percentile(whole, 99):7.0f} ms")
print(f"  synchronous requests:  p50 {percentile(sync, 50):7.0f} ms  p99 {percentile(sync, 99):7.0f} ms")
