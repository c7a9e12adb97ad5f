build-tsan/common/audit/auditreview.o: common/audit/auditreview.c \
  common/audit/auditphi.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/base/status.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h common/audit/auditreview.h \
  common/audit/audittime.h

common/audit/auditphi.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/base/status.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/audit/auditreview.h:

common/audit/audittime.h:
