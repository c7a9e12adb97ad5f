build-tsan/common/run/filter.o: common/run/filter.c common/run/cli.h \
  common/base/status.h common/run/filter.h common/json/ndjson.h \
  common/base/buf.h common/json/path.h common/base/outfile.h \
  common/base/newfile.h common/json/pathseen.h common/run/progress.h

common/run/cli.h:

common/base/status.h:

common/run/filter.h:

common/json/ndjson.h:

common/base/buf.h:

common/json/path.h:

common/base/outfile.h:

common/base/newfile.h:

common/json/pathseen.h:

common/run/progress.h:
