build-tsan/tests/test_elide: tests/unit/test_elide.c common/json/elide.h \
  common/base/buf.h tests/unit/tap.h

common/json/elide.h:

common/base/buf.h:

tests/unit/tap.h:
