build-tsan/common/classify/phoneplan.o: common/classify/phoneplan.c \
  common/classify/phoneplan.h

common/classify/phoneplan.h:
