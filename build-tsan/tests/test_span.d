build-tsan/tests/test_span: tests/unit/test_span.c common/base/span.h \
  tests/unit/tap.h

common/base/span.h:

tests/unit/tap.h:
