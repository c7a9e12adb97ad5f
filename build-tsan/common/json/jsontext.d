build-tsan/common/json/jsontext.o: common/json/jsontext.c \
  common/json/json.h common/base/buf.h common/json/jsontext.h

common/json/json.h:

common/base/buf.h:

common/json/jsontext.h:
