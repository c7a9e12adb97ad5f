build-tsan/common/crypto/hpke.o: common/crypto/hpke.c common/base/be64.h \
  common/crypto/hpke.h common/base/status.h

common/base/be64.h:

common/crypto/hpke.h:

common/base/status.h:
