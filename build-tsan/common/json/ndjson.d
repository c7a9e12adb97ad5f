build-tsan/common/json/ndjson.o: common/json/ndjson.c \
  /usr/include/yajl/yajl_parse.h common/json/elide.h common/base/buf.h \
  common/json/ndjson.h common/json/path.h common/base/status.h \
  common/base/outfile.h common/base/newfile.h common/base/utf8.h \
  common/json/yajlspace.h common/json/yajlmem.h \
  /usr/include/yajl/yajl_common.h /usr/include/yajl/yajl_tree.h

/usr/include/yajl/yajl_parse.h:

common/json/elide.h:

common/base/buf.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/base/outfile.h:

common/base/newfile.h:

common/base/utf8.h:

common/json/yajlspace.h:

common/json/yajlmem.h:

/usr/include/yajl/yajl_common.h:

/usr/include/yajl/yajl_tree.h:
