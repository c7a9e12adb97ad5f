build-tsan/common/json/elide.o: common/json/elide.c common/json/elide.h \
  common/base/buf.h common/json/yajlspace.h

common/json/elide.h:

common/base/buf.h:

common/json/yajlspace.h:
