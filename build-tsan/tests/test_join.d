build-tsan/tests/test_join: tests/unit/test_join.c common/crypto/b64url.h \
  common/crypto/join.h common/crypto/keys.h common/base/buf.h \
  common/crypto/passphrase.h common/base/status.h common/crypto/token.h \
  tests/unit/tap.h

common/crypto/b64url.h:

common/crypto/join.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:

common/base/status.h:

common/crypto/token.h:

tests/unit/tap.h:
