build-tsan/common/crypto/kdfcost.o: common/crypto/kdfcost.c \
  common/crypto/kdfcost.h common/base/status.h

common/crypto/kdfcost.h:

common/base/status.h:
