build-tsan/common/classify/rules.o: common/classify/rules.c \
  common/classify/names.h common/base/buf.h common/base/status.h \
  common/classify/rules.h common/classify/keyname.h \
  common/classify/validators.h

common/classify/names.h:

common/base/buf.h:

common/base/status.h:

common/classify/rules.h:

common/classify/keyname.h:

common/classify/validators.h:
