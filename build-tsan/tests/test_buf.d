build-tsan/tests/test_buf: tests/unit/test_buf.c common/base/buf.h \
  common/json/json.h tests/unit/tap.h

common/base/buf.h:

common/json/json.h:

tests/unit/tap.h:
