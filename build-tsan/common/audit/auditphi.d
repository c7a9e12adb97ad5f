build-tsan/common/audit/auditphi.o: common/audit/auditphi.c \
  common/audit/auditphi.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/base/status.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h common/classify/classify.h \
  common/json/ndjson.h common/json/path.h common/classify/rules.h \
  common/classify/keyname.h common/classify/validators.h \
  common/base/span.h

common/audit/auditphi.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/base/status.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

common/classify/classify.h:

common/json/ndjson.h:

common/json/path.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:
