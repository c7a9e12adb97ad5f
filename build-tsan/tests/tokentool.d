build-tsan/tests/tokentool: tests/helpers/tokentool.c common/run/cli.h \
  common/base/status.h common/crypto/keys.h common/base/buf.h \
  common/crypto/passphrase.h common/crypto/token.h

common/run/cli.h:

common/base/status.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:

common/crypto/token.h:
