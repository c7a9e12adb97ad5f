build-tsan/bin/phi-keygen: cmd/phi-keygen.c common/audit/audit.h \
  common/base/status.h common/base/buf.h common/run/cli.h \
  common/crypto/joinkey.h common/crypto/join.h common/crypto/keys.h \
  common/crypto/passphrase.h common/crypto/keyshare.h \
  common/crypto/share.h common/crypto/shamir.h

common/audit/audit.h:

common/base/status.h:

common/base/buf.h:

common/run/cli.h:

common/crypto/joinkey.h:

common/crypto/join.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/crypto/keyshare.h:

common/crypto/share.h:

common/crypto/shamir.h:
