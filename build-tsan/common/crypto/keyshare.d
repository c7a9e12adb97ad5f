build-tsan/common/crypto/keyshare.o: common/crypto/keyshare.c \
  common/crypto/keyfile.h common/base/status.h common/crypto/keyshare.h \
  common/crypto/keys.h common/base/buf.h common/crypto/passphrase.h \
  common/crypto/share.h common/crypto/shamir.h common/base/newfile.h

common/crypto/keyfile.h:

common/base/status.h:

common/crypto/keyshare.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:

common/crypto/share.h:

common/crypto/shamir.h:

common/base/newfile.h:
