build-tsan/tests/test_keys: tests/unit/test_keys.c common/crypto/keys.h \
  common/base/buf.h common/crypto/passphrase.h common/base/status.h \
  tests/unit/tap.h

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:

common/base/status.h:

tests/unit/tap.h:
