build-tsan/tests/test_hex: tests/unit/test_hex.c common/base/hex.h \
  tests/unit/tap.h

common/base/hex.h:

tests/unit/tap.h:
