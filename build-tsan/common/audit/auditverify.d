build-tsan/common/audit/auditverify.o: common/audit/auditverify.c \
  common/audit/auditrec.h /usr/include/yajl/yajl_tree.h \
  common/base/buf.h common/base/lines.h common/base/status.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/audit/auditseal.h common/audit/auditlog.h \
  common/audit/auditverify.h common/base/hex.h

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/base/status.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/audit/auditseal.h:

common/audit/auditlog.h:

common/audit/auditverify.h:

common/base/hex.h:
