build-tsan/common/crypto/joinkey.o: common/crypto/joinkey.c \
  common/base/buf.h common/crypto/keyfile.h common/base/status.h \
  common/base/newfile.h common/crypto/joinkey.h common/crypto/join.h \
  common/crypto/keys.h common/crypto/passphrase.h

common/base/buf.h:

common/crypto/keyfile.h:

common/base/status.h:

common/base/newfile.h:

common/crypto/joinkey.h:

common/crypto/join.h:

common/crypto/keys.h:

common/crypto/passphrase.h:
