build-tsan/common/crypto/join.o: common/crypto/join.c \
  common/crypto/b64url.h common/base/be64.h common/base/buf.h \
  common/base/hash.h common/crypto/hpke.h common/base/status.h \
  common/crypto/join.h common/crypto/keys.h common/crypto/passphrase.h \
  common/crypto/token.h

common/crypto/b64url.h:

common/base/be64.h:

common/base/buf.h:

common/base/hash.h:

common/crypto/hpke.h:

common/base/status.h:

common/crypto/join.h:

common/crypto/keys.h:

common/crypto/passphrase.h:

common/crypto/token.h:
