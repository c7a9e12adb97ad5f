build-tsan/tests/test_ndjson_lean: tests/unit/test_ndjson_lean.c \
  common/base/buf.h common/json/elide.h common/json/ndjson.h \
  common/json/path.h common/base/status.h tests/unit/tap.h

common/base/buf.h:

common/json/elide.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

tests/unit/tap.h:
