build-tsan/tests/gen-events: tests/helpers/gen-events.c
