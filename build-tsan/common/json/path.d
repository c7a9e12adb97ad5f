build-tsan/common/json/path.o: common/json/path.c common/json/path.h \
  common/base/buf.h common/base/status.h common/json/json.h

common/json/path.h:

common/base/buf.h:

common/base/status.h:

common/json/json.h:
