build-tsan/tests/test_shamir: tests/unit/test_shamir.c \
  common/crypto/shamir.h common/base/status.h tests/unit/tap.h

common/crypto/shamir.h:

common/base/status.h:

tests/unit/tap.h:
