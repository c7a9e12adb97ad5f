build-tsan/tests/test_audit: tests/unit/test_audit.c common/audit/audit.h \
  common/base/status.h common/audit/auditkey.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/audit/auditlog.h common/audit/audittime.h \
  common/audit/auditverify.h tests/unit/tap.h

common/audit/audit.h:

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

common/audit/auditverify.h:

tests/unit/tap.h:
