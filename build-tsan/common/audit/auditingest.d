build-tsan/common/audit/auditingest.o: common/audit/auditingest.c \
  common/audit/auditingest.h common/audit/auditlog.h \
  common/audit/auditrec.h /usr/include/yajl/yajl_tree.h \
  common/base/buf.h common/base/lines.h common/base/status.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/audit/audittime.h common/json/ndjson.h common/json/path.h

common/audit/auditingest.h:

common/audit/auditlog.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/base/status.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/audit/audittime.h:

common/json/ndjson.h:

common/json/path.h:
