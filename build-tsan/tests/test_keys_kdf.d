build-tsan/tests/test_keys_kdf: tests/unit/test_keys_kdf.c \
  common/crypto/kdfcost.h common/base/status.h tests/unit/tap.h

common/crypto/kdfcost.h:

common/base/status.h:

tests/unit/tap.h:
