build-tsan/tests/classify-eval: tests/helpers/classify-eval.c \
  /usr/include/yajl/yajl_tree.h common/classify/classify.h \
  common/base/buf.h common/json/ndjson.h common/json/path.h \
  common/base/status.h common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h common/base/span.h

/usr/include/yajl/yajl_tree.h:

common/classify/classify.h:

common/base/buf.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:
