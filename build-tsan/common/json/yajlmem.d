build-tsan/common/json/yajlmem.o: common/json/yajlmem.c \
  /usr/include/yajl/yajl_parse.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h /usr/include/yajl/yajl_tree.h

/usr/include/yajl/yajl_parse.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

/usr/include/yajl/yajl_tree.h:
