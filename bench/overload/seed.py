#!/usr/bin/env python3
"""Seeds a running instance for the overload benchmark and writes the Lua data file the traffic mix reads.

Organizers publish trips with varied titles in Chinese, Japanese and English across Asia; travelers log in. The data
file holds the travelers' access tokens, the trip ids, the search words and the places near the trips.
Usage: seed.py BASE_URL DATA_FILE [TRAVELERS] [TRIPS]
"""
import datetime
import json
import random
import sys
import time
import urllib.error
import urllib.request

base, out = sys.argv[1], sys.argv[2]
travelers = int(sys.argv[3]) if len(sys.argv) > 3 else 250
trips = int(sys.argv[4]) if len(sys.argv) > 4 else 400
PASSWORD = "correct horse battery staple 42"

PLACES = [("京都", 35.0116, 135.7681), ("大阪", 34.6937, 135.5023), ("東京", 35.6762, 139.6503),
          ("札幌", 43.0618, 141.3545), ("成都", 30.5728, 104.0668), ("桂林", 25.2736, 110.29),
          ("西安", 34.3416, 108.9398), ("首尔", 37.5665, 126.978), ("清迈", 18.7883, 98.9853),
          ("大理", 25.6065, 100.2676), ("丽江", 26.8721, 100.2299), ("拉萨", 29.65, 91.1)]
THEMES = [("红叶", "autumn"), ("温泉", "onsen"), ("徒步", "hiking"), ("美食", "food"), ("摄影", "photo"),
          ("古镇", "old town"), ("滑雪", "ski"), ("寺庙", "temples"), ("海岛", "island"), ("雪山", "mountain")]


def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for attempt in range(6):
        try:
            # an answer that does not come within 30 s is a failure (socket.timeout), as in the benchmark's curls
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            # a busy server sheds or limits with Retry-After; a well-behaved client waits and tries again
            if e.code in (429, 503) and attempt < 5:
                time.sleep(float(e.headers.get("Retry-After", "1")))
                continue
            raise SystemExit(f"{method} {path}: {e.code} {e.read().decode()}")


def account(name, index):
    email = f"{name}-{index}@bench.yuelv.test"
    call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD, "displayName": f"{name} {index}"})
    return call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})


random.seed(7)
organizers = [account("organizer", i)["accessToken"] for i in range(10)]
trip_ids = []
start = datetime.date.today() + datetime.timedelta(days=60)
for i in range(trips):
    place, lat, lon = random.choice(PLACES)
    zh, en = random.choice(THEMES)
    day = start + datetime.timedelta(days=i % 90)
    body = {"title": {"zh": f"{place}{zh}之旅 {i}", "en": f"{en} in {place} {i}"},
            "description": {"zh": f"一起去{place}{zh}", "en": f"Let's go for {en}"},
            "destination": place, "startDate": day.isoformat(),
            "endDate": (day + datetime.timedelta(days=3)).isoformat(),
            "stops": [{"placeName": place, "latitude": lat + random.uniform(-0.05, 0.05),
                       "longitude": lon + random.uniform(-0.05, 0.05), "day": 1}],
            "seats": 6, "budget": {"amount": random.randint(1000, 9000), "currency": "CNY"},
            "languages": ["zh", "en"], "tags": [en.split()[0]]}
    token = organizers[i % len(organizers)]
    trip = call("POST", "/api/v1/trips", body, token)
    call("POST", f"/api/v1/trips/{trip['id']}/publication", {}, token)
    trip_ids.append(trip["id"])
tokens = [account("traveler", i)["accessToken"] for i in range(travelers)]


def lua_list(values):
    return "{" + ",".join(json.dumps(v, ensure_ascii=False) for v in values) + "}"


with open(out, "w", encoding="utf-8") as f:
    f.write("return {\n")
    f.write(f" tokens = {lua_list(tokens)},\n")
    f.write(f" trips = {lua_list(trip_ids)},\n")
    words = [w for theme in THEMES for w in theme] + [p for p, _, _ in PLACES]
    f.write(f" words = {lua_list(words)},\n")
    f.write(" places = {" + ",".join(f"{{{lat},{lon}}}" for _, lat, lon in PLACES) + "},\n")
    f.write(" prefixes = {\"kyo\",\"osa\",\"tok\",\"sap\",\"che\",\"gui\",\"xi\",\"seo\",\"chi\",\"dal\",\"lij\",\"lha\"}\n")
    f.write("}\n")
print(f"seeded {trips} trips and {travelers} travelers into {out}")
