build-tsan/common/classify/classwalk.o: common/classify/classwalk.c \
  common/base/hash.h common/classify/classmask.h common/base/buf.h \
  common/classify/classify.h common/json/ndjson.h common/json/path.h \
  common/base/status.h common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h common/base/span.h common/json/jsontext.h \
  common/classify/classwalk.h

common/base/hash.h:

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

common/classify/classwalk.h:
