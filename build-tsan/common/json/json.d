build-tsan/common/json/json.o: common/json/json.c common/json/json.h \
  common/base/buf.h common/base/utf8.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h /usr/include/yajl/yajl_tree.h \
  common/json/yajlspace.h

common/json/json.h:

common/base/buf.h:

common/base/utf8.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

/usr/include/yajl/yajl_tree.h:

common/json/yajlspace.h:
