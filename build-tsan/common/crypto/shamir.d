build-tsan/common/crypto/shamir.o: common/crypto/shamir.c \
  common/crypto/shamir.h common/base/status.h

common/crypto/shamir.h:

common/base/status.h:
