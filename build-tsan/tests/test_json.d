build-tsan/tests/test_json: tests/unit/test_json.c \
  /usr/include/yajl/yajl_parse.h common/json/json.h common/base/buf.h \
  tests/unit/tap.h

/usr/include/yajl/yajl_parse.h:

common/json/json.h:

common/base/buf.h:

tests/unit/tap.h:
