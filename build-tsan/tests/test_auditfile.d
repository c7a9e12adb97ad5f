build-tsan/tests/test_auditfile: tests/unit/test_auditfile.c \
  common/audit/auditfile.h common/base/newfile.h common/base/status.h \
  common/audit/auditlog.h common/audit/auditrec.h \
  /usr/include/yajl/yajl_tree.h common/base/buf.h common/base/lines.h \
  common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  tests/unit/scratch.h tests/unit/tap.h

common/audit/auditfile.h:

common/base/newfile.h:

common/base/status.h:

common/audit/auditlog.h:

common/audit/auditrec.h:

/usr/include/yajl/yajl_tree.h:

common/base/buf.h:

common/base/lines.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

tests/unit/scratch.h:

tests/unit/tap.h:
