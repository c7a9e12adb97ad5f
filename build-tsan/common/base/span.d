build-tsan/common/base/span.o: common/base/span.c common/base/span.h

common/base/span.h:
