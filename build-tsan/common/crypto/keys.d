build-tsan/common/crypto/keys.o: common/crypto/keys.c common/base/hex.h \
  common/crypto/kdfcost.h common/base/status.h common/crypto/keyfile.h \
  common/crypto/keys.h common/base/buf.h common/crypto/passphrase.h

common/base/hex.h:

common/crypto/kdfcost.h:

common/base/status.h:

common/crypto/keyfile.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:
