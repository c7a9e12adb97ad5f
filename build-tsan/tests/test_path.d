build-tsan/tests/test_path: tests/unit/test_path.c common/json/jsonfind.h \
  common/base/buf.h common/json/path.h common/base/status.h \
  tests/unit/tap.h

common/json/jsonfind.h:

common/base/buf.h:

common/json/path.h:

common/base/status.h:

tests/unit/tap.h:
