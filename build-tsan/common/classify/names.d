build-tsan/common/classify/names.o: common/classify/names.c \
  common/classify/names.h common/base/buf.h common/base/status.h \
  common/classify/validators.h

common/classify/names.h:

common/base/buf.h:

common/base/status.h:

common/classify/validators.h:
