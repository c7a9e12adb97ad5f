build-tsan/common/run/progress.o: common/run/progress.c common/run/cli.h \
  common/base/status.h common/run/progress.h common/json/ndjson.h \
  common/base/buf.h common/json/path.h

common/run/cli.h:

common/base/status.h:

common/run/progress.h:

common/json/ndjson.h:

common/base/buf.h:

common/json/path.h:
