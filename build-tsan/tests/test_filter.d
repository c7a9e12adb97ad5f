build-tsan/tests/test_filter: tests/unit/test_filter.c \
  common/run/filter.h common/json/ndjson.h common/base/buf.h \
  common/json/path.h common/base/status.h tests/unit/scratch.h \
  tests/unit/tap.h

common/run/filter.h:

common/json/ndjson.h:

common/base/buf.h:

common/json/path.h:

common/base/status.h:

tests/unit/scratch.h:

tests/unit/tap.h:
