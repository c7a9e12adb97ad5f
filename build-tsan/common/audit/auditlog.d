build-tsan/common/audit/auditlog.o: common/audit/auditlog.c \
  common/audit/auditfile.h common/base/newfile.h common/base/status.h \
  common/audit/auditkey.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/audit/auditlog.h common/audit/audittime.h common/base/hex.h \
  common/base/outfile.h

common/audit/auditfile.h:

common/base/newfile.h:

common/base/status.h:

common/audit/auditkey.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/audit/auditlog.h:

common/audit/audittime.h:

common/base/hex.h:

common/base/outfile.h:
