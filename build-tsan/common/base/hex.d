build-tsan/common/base/hex.o: common/base/hex.c common/base/hex.h

common/base/hex.h:
