build-tsan/common/audit/auditrec.o: common/audit/auditrec.c \
  /usr/include/yajl/yajl_gen.h common/audit/audittime.h \
  common/base/status.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  common/base/hex.h

/usr/include/yajl/yajl_gen.h:

common/audit/audittime.h:

common/base/status.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/base/hex.h:
