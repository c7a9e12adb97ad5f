build-tsan/tests/test_classwalk: tests/unit/test_classwalk.c \
  common/classify/classwalk.h common/base/buf.h \
  common/classify/classify.h common/json/ndjson.h common/json/path.h \
  common/base/status.h common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h common/base/span.h tests/unit/tap.h

common/classify/classwalk.h:

common/base/buf.h:

common/classify/classify.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:

tests/unit/tap.h:
