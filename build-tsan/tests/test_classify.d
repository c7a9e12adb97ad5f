build-tsan/tests/test_classify: tests/unit/test_classify.c \
  common/classify/classify.h common/base/buf.h common/json/ndjson.h \
  common/json/path.h common/base/status.h common/classify/rules.h \
  common/classify/keyname.h common/classify/validators.h \
  common/base/span.h tests/unit/tap.h

common/classify/classify.h:

common/base/buf.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:

tests/unit/tap.h:
