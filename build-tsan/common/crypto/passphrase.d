build-tsan/common/crypto/passphrase.o: common/crypto/passphrase.c \
  common/crypto/keyfile.h common/base/status.h \
  common/crypto/passphrase.h

common/crypto/keyfile.h:

common/base/status.h:

common/crypto/passphrase.h:
