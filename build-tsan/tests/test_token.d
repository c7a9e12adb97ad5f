build-tsan/tests/test_token: tests/unit/test_token.c \
  common/crypto/b64url.h common/crypto/hpke.h common/base/status.h \
  common/crypto/token.h common/crypto/keys.h common/base/buf.h \
  common/crypto/passphrase.h tests/unit/tap.h

common/crypto/b64url.h:

common/crypto/hpke.h:

common/base/status.h:

common/crypto/token.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:

tests/unit/tap.h:
