build-tsan/bin/phi-audit: cmd/phi-audit.c common/audit/audit.h \
  common/base/status.h common/audit/auditingest.h \
  common/audit/auditlog.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/audit/auditphi.h common/audit/auditreview.h \
  common/audit/auditseal.h common/audit/audittime.h \
  common/audit/auditverify.h common/run/cli.h common/crypto/keys.h \
  common/crypto/passphrase.h

common/audit/audit.h:

common/base/status.h:

common/audit/auditingest.h:

common/audit/auditlog.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/audit/auditphi.h:

common/audit/auditreview.h:

common/audit/auditseal.h:

common/audit/audittime.h:

common/audit/auditverify.h:

common/run/cli.h:

common/crypto/keys.h:

common/crypto/passphrase.h:
