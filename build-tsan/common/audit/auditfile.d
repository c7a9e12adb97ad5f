build-tsan/common/audit/auditfile.o: common/audit/auditfile.c \
  common/audit/auditfile.h common/base/newfile.h common/base/status.h

common/audit/auditfile.h:

common/base/newfile.h:

common/base/status.h:
