build-tsan/common/audit/audit.o: common/audit/audit.c \
  common/audit/audit.h common/base/status.h common/audit/auditlog.h \
  common/audit/auditrec.h /usr/include/yajl/yajl_tree.h \
  common/base/buf.h common/base/lines.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h

common/audit/audit.h:

common/base/status.h:

common/audit/auditlog.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:
