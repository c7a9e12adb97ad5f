build-tsan/common/json/jsonfind.o: common/json/jsonfind.c \
  common/json/json.h common/base/buf.h common/json/jsonfind.h \
  common/json/path.h common/base/status.h common/json/yajlspace.h

common/json/json.h:

common/base/buf.h:

common/json/jsonfind.h:

common/json/path.h:

common/base/status.h:

common/json/yajlspace.h:
