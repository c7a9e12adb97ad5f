build-tsan/common/classify/validators.o: common/classify/validators.c \
  common/crypto/token.h common/crypto/keys.h common/base/buf.h \
  common/crypto/passphrase.h common/base/status.h \
  common/classify/validators.h

common/crypto/token.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:

common/base/status.h:

common/classify/validators.h:
