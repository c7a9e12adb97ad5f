build-tsan/common/run/cli.o: common/run/cli.c \
  /usr/include/yajl/yajl_version.h common/run/cli.h common/base/status.h

/usr/include/yajl/yajl_version.h:

common/run/cli.h:

common/base/status.h:
