build-tsan/common/audit/auditkey.o: common/audit/auditkey.c \
  common/audit/auditkey.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/base/status.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h common/base/hex.h \
  common/crypto/keyfile.h

common/audit/auditkey.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/base/status.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/base/hex.h:

common/crypto/keyfile.h:
