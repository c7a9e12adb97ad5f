build-tsan/common/json/pathseen.o: common/json/pathseen.c \
  common/base/buf.h common/base/hash.h common/json/pathseen.h \
  common/json/path.h common/base/status.h

common/base/buf.h:

common/base/hash.h:

common/json/pathseen.h:

common/json/path.h:

common/base/status.h:
