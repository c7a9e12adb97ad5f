build-tsan/common/audit/auditseal.o: common/audit/auditseal.c \
  common/audit/audittime.h common/base/status.h common/audit/auditseal.h \
  common/audit/auditlog.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/base/hex.h common/crypto/keys.h common/crypto/passphrase.h

common/audit/audittime.h:

common/base/status.h:

common/audit/auditseal.h:

common/audit/auditlog.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/base/hex.h:

common/crypto/keys.h:

common/crypto/passphrase.h:
