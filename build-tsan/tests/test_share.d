build-tsan/tests/test_share: tests/unit/test_share.c \
  common/crypto/share.h common/base/buf.h common/crypto/keys.h \
  common/crypto/passphrase.h common/base/status.h common/crypto/shamir.h \
  tests/unit/tap.h

common/crypto/share.h:

common/base/buf.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/base/status.h:

common/crypto/shamir.h:

tests/unit/tap.h:
