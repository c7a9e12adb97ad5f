build-tsan/common/classify/classmask.o: common/classify/classmask.c \
  common/classify/classmask.h common/base/buf.h \
  common/classify/classify.h common/json/ndjson.h common/json/path.h \
  common/base/status.h common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h common/base/span.h common/json/jsontext.h

common/classify/classmask.h:

common/base/buf.h:

common/classify/classify.h:

common/json/ndjson.h:

common/json/path.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:

common/base/span.h:

common/json/jsontext.h:
