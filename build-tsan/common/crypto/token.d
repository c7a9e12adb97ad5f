build-tsan/common/crypto/token.o: common/crypto/token.c \
  common/crypto/b64url.h common/base/be64.h common/crypto/hpke.h \
  common/base/status.h common/crypto/token.h common/crypto/keys.h \
  common/base/buf.h common/crypto/passphrase.h

common/crypto/b64url.h:

common/base/be64.h:

common/crypto/hpke.h:

common/base/status.h:

common/crypto/token.h:

common/crypto/keys.h:

common/base/buf.h:

common/crypto/passphrase.h:
