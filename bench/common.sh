# What the benchmark scripts share; sourced from the project's root. APP_CPUS and LOAD_CPUS pin the application and
# the load generator to cores (taskset).
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
app_pin=(); load_pin=()
if [ -n "${APP_CPUS:-}" ]; then app_pin=(taskset -c "$APP_CPUS"); fi
if [ -n "${LOAD_CPUS:-}" ]; then load_pin=(taskset -c "$LOAD_CPUS"); fi

app_jar() { # the packaged application (./mvnw package -DskipTests), not the plain JAR Spring Boot keeps beside it
  ls target/yuelv-*.jar | grep -v original | head -n 1
}

account_token() { # base URL -> an access token of a fresh account
  local base=$1 email
  email="bench-$RANDOM$RANDOM@bench.yuelv.test"
  curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/register" \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple 42\",\"displayName\":\"Bench\"}" > /dev/null
  curl -sf -H 'Content-Type: application/json' "$base/api/v1/auth/login" \
    -d "{\"email\":\"$email\",\"password\":\"correct horse battery staple 42\"}" | jq -r .accessToken
}

published_trip() { # base URL -> the id of a trip published by a fresh organizer; fails if there is none
  local base=$1 token id
  token=$(account_token "$base")
  id=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $token" "$base/api/v1/trips" \
    -d "{\"title\":{\"zh\":\"京都红叶\"},\"description\":{\"zh\":\"一起去\"},\"destination\":\"京都\",\"startDate\":\"$(date -d '+40 days' +%F)\",\"endDate\":\"$(date -d '+44 days' +%F)\",\"stops\":[{\"placeName\":\"清水寺\",\"latitude\":34.9949,\"longitude\":135.785,\"day\":1}],\"seats\":4,\"budget\":{\"amount\":0,\"currency\":\"CNY\"},\"languages\":[\"zh\"],\"tags\":[]}" \
    | jq -r .id)
  [[ "$id" =~ ^[0-9a-f-]{36}$ ]] || { echo "no trip was created" >&2; return 1; }
  curl -sf -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    "$base/api/v1/trips/$id/publication" -d '{}' > /dev/null
  echo "$id"
}

cpu_ticks() { # pid -> the CPU time the process used so far (user and system), in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}
