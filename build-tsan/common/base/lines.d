build-tsan/common/base/lines.o: common/base/lines.c common/base/buf.h \
  common/base/lines.h common/base/status.h

common/base/buf.h:

common/base/lines.h:

common/base/status.h:
