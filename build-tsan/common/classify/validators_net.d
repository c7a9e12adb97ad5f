build-tsan/common/classify/validators_net.o: \
  common/classify/validators_net.c common/base/hex.h \
  common/classify/validators.h

common/base/hex.h:

common/classify/validators.h:
