build-tsan/tests/test_fuzzfound: tests/unit/test_fuzzfound.c \
  common/json/ndjson.h common/base/buf.h common/json/path.h \
  common/base/status.h tests/unit/tap.h

common/json/ndjson.h:

common/base/buf.h:

common/json/path.h:

common/base/status.h:

tests/unit/tap.h:
