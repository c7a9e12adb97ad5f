build-tsan/common/classify/keyname.o: common/classify/keyname.c \
  common/classify/keyname.h

common/classify/keyname.h:
