build-tsan/tests/ndjson-probe: tests/helpers/ndjson-probe.c \
  common/run/cli.h common/base/status.h common/json/ndjson.h \
  common/base/buf.h common/json/path.h

common/run/cli.h:

common/base/status.h:

common/json/ndjson.h:

common/base/buf.h:

common/json/path.h:
