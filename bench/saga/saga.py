#!/usr/bin/env python3
"""Booking sagas end to end, timed: bench/saga/saga.py BASE_URL [SAGAS] [CONCURRENCY]

Each saga: a traveler asks to join a trip with a price, the organizer accepts (the seat is held and the payment opened
from booking's outbox), the traveler pays with the sandbox's test card (Idempotency-Key), the provider's webhook
authorises the payment and the seat is confirmed. CONCURRENCY sagas run at once, each with a trip of its own.
Reports completed sagas per second over the timed phase, the p50 and p99 of a whole saga, and the share of its time in
each step, as the client sees them (polling every 10 ms):
  accept     POST acceptance until answered (seat held, saga recorded, payment step in the outbox)
  open       answered until GET /payments/{id} is 200 (the outbox's step made PaymentApi.open)
  pay        POST confirmation until answered (the provider called)
  confirm    answered until the join request is ACCEPTED (webhook, PaymentAuthorised, the seat confirmed)
Start the shape first, e.g. YUELV_SPLIT_ARGS="--yuelv.rate-limits.enabled=false
--yuelv.identity.login-throttle.per-address=1000000" deploy/local/split.sh start, which also starts the sandbox."""
import json
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

base = sys.argv[1].rstrip("/")
sagas = int(sys.argv[2]) if len(sys.argv) > 2 else 200
concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 16
PASSWORD = "correct horse battery staple 42"


refused = 0


def call(method, path, body=None, token=None, headers=None):
    """One request; a 503 from the edge's in-flight caps is tried again after 50 ms, as a client would, and counted."""
    global refused
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if token:
        all_headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(100):
        request = urllib.request.Request(base + path, data=data, headers=all_headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
            return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            if e.code != 503 or attempt == 99:
                raise
            refused += 1
            time.sleep(0.05)


def status(path, token):
    try:
        call("GET", path, token=token)
        return 200
    except urllib.error.HTTPError as e:
        return e.code


def until(check, what):
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        if check():
            return time.perf_counter()
        time.sleep(0.01)
    raise SystemExit("gave up waiting for " + what)


def account(name):
    email = f"{name}@bench.yuelv.test"
    call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": name[:20]})
    return call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})["accessToken"]


def prepare(i):
    unique = uuid.uuid4().hex[:8]
    organizer, traveler = account(f"org-{i}-{unique}"), account(f"tra-{i}-{unique}")
    trip = call("POST", "/api/v1/trips", {
        "title": {"en": "Saga " + unique}, "destination": "Dali", "startDate": "2027-05-01",
        "endDate": "2027-05-04", "seats": 4, "budget": {"amount": 2500, "currency": "CNY"}, "languages": ["en"],
        "stops": [{"placeName": "Dali", "latitude": 25.69, "longitude": 100.16, "day": 1}]}, token=organizer)["id"]
    call("POST", f"/api/v1/trips/{trip}/publication", token=organizer)
    request = call("POST", f"/api/v1/trips/{trip}/join-requests", {}, token=traveler)["id"]
    return organizer, traveler, request


def saga(prepared):
    organizer, traveler, request = prepared
    started = time.perf_counter()
    payment = call("POST", f"/api/v1/join-requests/{request}/acceptance", {}, token=organizer)["purchase"]["paymentId"]
    accepted = time.perf_counter()
    opened = until(lambda: status(f"/api/v1/payments/{payment}", traveler) == 200, "the payment to open")
    call("POST", f"/api/v1/payments/{payment}/confirmation", {"paymentMethod": "pm_card_ok"}, token=traveler,
         headers={"Idempotency-Key": str(uuid.uuid4())})
    paid = time.perf_counter()
    confirmed = until(lambda: call("GET", f"/api/v1/join-requests/{request}", token=traveler)["status"] == "ACCEPTED",
                      "the seat to be confirmed")
    return {"accept": accepted - started, "open": opened - accepted, "pay": paid - opened,
            "confirm": confirmed - paid, "total": confirmed - started, "end": confirmed}


with ThreadPoolExecutor(max_workers=4) as pool:
    prepared = list(pool.map(prepare, range(sagas)))
refused = 0
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    began = time.perf_counter()
    results = list(pool.map(saga, prepared))
wall = max(r["end"] for r in results) - began
totals = sorted(r["total"] for r in results)
mean_total = statistics.mean(totals)
print(f"sagas {len(results)}, concurrency {concurrency}, wall {wall:.1f} s, {len(results) / wall:.1f} sagas/s")
print(f"saga p50 {statistics.median(totals) * 1000:.0f} ms, p99 {totals[int(len(totals) * 0.99) - 1] * 1000:.0f} ms, "
      f"503s from the edge's caps tried again: {refused}")
for step in ("accept", "open", "pay", "confirm"):
    values = sorted(r[step] for r in results)
    share = statistics.mean(values) / mean_total * 100
    print(f"{step:8} mean {statistics.mean(values) * 1000:7.1f} ms  p50 {statistics.median(values) * 1000:7.1f} ms  "
          f"share {share:5.1f} %")
