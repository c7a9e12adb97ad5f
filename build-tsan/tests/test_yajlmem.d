build-tsan/tests/test_yajlmem: tests/unit/test_yajlmem.c \
  /usr/include/yajl/yajl_gen.h /usr/include/yajl/yajl_parse.h \
  tests/unit/tap.h common/json/yajlmem.h /usr/include/yajl/yajl_common.h \
  /usr/include/yajl/yajl_tree.h

/usr/include/yajl/yajl_gen.h:

/usr/include/yajl/yajl_parse.h:

tests/unit/tap.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

/usr/include/yajl/yajl_tree.h:
