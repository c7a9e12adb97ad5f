build-tsan/common/run/fieldsfile.o: common/run/fieldsfile.c \
  /usr/include/yajl/yajl_tree.h common/run/fieldsfile.h \
  common/json/path.h common/base/buf.h common/base/status.h \
  common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h

/usr/include/yajl/yajl_tree.h:

common/run/fieldsfile.h:

common/json/path.h:

common/base/buf.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:
