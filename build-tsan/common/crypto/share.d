build-tsan/common/crypto/share.o: common/crypto/share.c \
  common/crypto/kdfcost.h common/base/status.h common/crypto/keyfile.h \
  common/crypto/share.h common/base/buf.h common/crypto/keys.h \
  common/crypto/passphrase.h common/crypto/shamir.h

common/crypto/kdfcost.h:

common/base/status.h:

common/crypto/keyfile.h:

common/crypto/share.h:

common/base/buf.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/crypto/shamir.h:
