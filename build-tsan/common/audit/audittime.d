build-tsan/common/audit/audittime.o: common/audit/audittime.c \
  common/audit/audittime.h common/base/status.h

common/audit/audittime.h:

common/base/status.h:
