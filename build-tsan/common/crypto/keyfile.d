build-tsan/common/crypto/keyfile.o: common/crypto/keyfile.c \
  common/crypto/keyfile.h common/base/status.h

common/crypto/keyfile.h:

common/base/status.h:
