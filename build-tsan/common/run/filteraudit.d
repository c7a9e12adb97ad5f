build-tsan/common/run/filteraudit.o: common/run/filteraudit.c \
  common/audit/audit.h common/base/status.h common/run/cli.h \
  common/run/filter.h common/json/ndjson.h common/base/buf.h \
  common/json/path.h

common/audit/audit.h:

common/base/status.h:

common/run/cli.h:

common/run/filter.h:

common/json/ndjson.h:

common/base/buf.h:

common/json/path.h:
