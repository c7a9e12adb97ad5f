build-m/tests/gen-events: tests/helpers/gen-events.c
