#!/usr/bin/env bash
# The time-sensitive unit suites (domain rules about time, the scheduler, the stores) under several
# host zones and with the process clock in summer and in winter: the bot must behave the same on
# any host (`npm run test:zones`; CI runs it). Each test pins its instants and zones explicitly, so
# a failure here means something read the host's zone or the machine's clock where it must not.
#
# The zone is vitest's env TZ (PREMIERE_TEST_TZ, default UTC); the season is PREMIERE_TEST_CLOCK,
# which test/support/process-clock.ts turns into a Date that runs on from that instant.
set -euo pipefail
cd "$(dirname "$0")/.."

zones=(UTC Europe/London America/New_York Australia/Lord_Howe)
# Mid-July and mid-January: summer time in the north in one, on Lord Howe Island in the other.
seasons=(2023-07-15T12:00:00Z 2024-01-15T12:00:00Z)
files=(
  test/domain/countdown.test.ts
  test/domain/zones.test.ts
  test/domain/release.test.ts
  test/domain/reminders.test.ts
  test/domain/film-text.test.ts
  test/scheduler
  test/store/reminder-store.test.ts
  test/store/countdown-store.test.ts
  test/store/release-store.test.ts
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for zone in "${zones[@]}"; do
  for season in "${seasons[@]}"; do
    echo "host zones: TZ=$zone, process clock from $season"
    # The scale tests measure throughput, not time rules: they run once, in npm test.
    if ! NO_COLOR=1 PREMIERE_TEST_TZ="$zone" PREMIERE_TEST_CLOCK="$season" \
      node node_modules/vitest/vitest.mjs run --project unit "${files[@]}" \
      --testNamePattern '^(?!.*(?:scale and ownership|1,000 reminders due at once))' \
      >"$work/log" 2>&1; then
      cat "$work/log"
      echo "host zones: failed under TZ=$zone with the process clock from $season"
      exit 1
    fi
    grep -E 'Tests +[0-9]' "$work/log" || true
  done
done
