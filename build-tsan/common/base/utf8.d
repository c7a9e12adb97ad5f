build-tsan/common/base/utf8.o: common/base/utf8.c common/base/utf8.h

common/base/utf8.h:
