build-tsan/common/run/explain.o: common/run/explain.c \
  common/run/explain.h common/classify/classify.h common/base/buf.h \
  common/json/ndjson.h common/json/path.h common/base/status.h \
  common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h common/base/span.h common/run/encrypt.h \
  common/run/filter.h common/base/hash.h

common/run/explain.h:

common/classify/classify.h:

common/base/buf.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:

common/run/encrypt.h:

common/run/filter.h:

common/base/hash.h:
